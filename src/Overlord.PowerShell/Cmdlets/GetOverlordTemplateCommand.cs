using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.Core.Placement;
using Overlord.Core.Specs;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Renders an appConfig spec's template on each node it targets, as a deployment would.</summary>
/// <remarks>
/// <para>
/// For every node the appConfig spec of <c>-Path</c> reaches (its datacenters, <c>deployIn</c> and labels), reads the
/// template named by <c>appFrom</c> from that node's metadata, renders it with <c>appConfig</c> and <c>appName</c>
/// and loads the result as the directorProject or vmJail spec a deployment would apply there. Each success is one
/// OverlordTemplate (Datacenter, Node, Chain, Project, Kind, Text).
/// </para>
/// <para>
/// Errors are per node and do not stop the others: a node without the template is a NodeRefused error (404), a template
/// that does not render or renders to an invalid spec is an InvalidTemplate error listing each problem as
/// name:line:column. Templates are Liquid (Fluid, sandboxed) where upstream uses Mako; see the README.
/// </para>
/// <para>
/// Upstream equivalent: <c>overlord print-template -f app.yml</c>, which renders at the first matching node only;
/// <c>| Select-Object -First 1</c> gives the same and stops reading after it. A deployment renders once, at the first
/// node that holds the template, and applies that text everywhere; rendering per node shows where nodes hold different
/// templates. <c>-Path</c> is required; the spec names the nodes, so <c>-Uri</c>, <c>-Token</c> and <c>-Chain</c> are refused.
/// </para>
/// </remarks>
/// <example title="List the targets of an appConfig spec">
/// <code>PS> Get-OverlordTemplate -Path ./appconfig.yml</code>
/// <para>Lists one row per targeted node: Datacenter, Chain, Project and Kind of the rendered spec.</para>
/// </example>
/// <example title="Print the rendered spec">
/// <code>PS> (Get-OverlordTemplate -Path ./appconfig.yml | Select-Object -First 1).Text</code>
/// <para>Prints the spec text rendered at the first node, as upstream's print-template does.</para>
/// </example>
/// <example title="Compare what every node renders">
/// <code>PS> Get-OverlordTemplate -Path ./appconfig.yml -AllLabels -ErrorAction SilentlyContinue | Group-Object Text</code>
/// <para>Renders on every node of the trees, whatever the labels, and groups the nodes by the text they render.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "OverlordTemplate", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordTemplate))]
public sealed class GetOverlordTemplateCommand : NodeReadCmdlet
{
    private const string DefaultSet = "Default";
    private readonly AppConfigRenderer _renderer = new();

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (Path is null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("Get-OverlordTemplate needs -Path: the appConfig spec to render."), ErrorIds.NotAppConfig, ErrorCategory.InvalidArgument, null));
        }
    }

    private protected override void OnSpecLoaded(Spec spec)
    {
        if (spec is not AppConfigSpec)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"{spec.Path} is a {spec.Kind} spec; Get-OverlordTemplate renders appConfig specs."), ErrorIds.NotAppConfig, ErrorCategory.InvalidArgument, spec.Path));
        }
    }

    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        var spec = (AppConfigSpec)TargetSpec!;
        var datacenter = CurrentDatacenter!;
        var address = chain.Length == 0 ? datacenter : $"{datacenter}.{chain}";
        if (!TryRun(c => node.GetMetadataAsync(chain, spec.AppFrom, c), address, out var template))
        {
            return;
        }
        if (Render(spec, template, address) is { } rendered)
        {
            WriteObject(new OverlordTemplate(datacenter, node.Address, chain, rendered.Project, rendered.Kind, rendered.Text));
        }
    }

    /// <summary>The rendered spec, or null after writing why it could not be had at <paramref name="address"/>.</summary>
    internal (string Project, string Kind, string Text)? Render(AppConfigSpec spec, string template, string address)
    {
        AppConfigResult result;
        try
        {
            result = _renderer.Load(spec, template);
        }
        catch (DeploymentRefusedException e)
        {
            WriteError(new ErrorRecord(e, ErrorIds.InvalidTemplate, ErrorCategory.InvalidData, address));
            return null;
        }
        if (!result.IsValid)
        {
            var problems = new SpecValidationException(spec.AppFrom, null, result.Errors);
            WriteError(new ErrorRecord(new InvalidDataException($"{address}: {problems.Message}", problems), ErrorIds.InvalidTemplate, ErrorCategory.InvalidData, address));
            return null;
        }
        var project = result.Spec switch
        {
            DirectorProjectSpec p => p.ProjectName,
            VmJailSpec v => v.VmName,
            _ => spec.AppName,
        };
        return (project, result.Spec!.Kind, result.Rendered!);
    }
}
