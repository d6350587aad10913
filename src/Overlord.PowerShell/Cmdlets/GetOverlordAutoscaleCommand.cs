using System.Management.Automation;
using Overlord.Core.Api;
using Overlord.Core.Client;
using Overlord.Core.Specs;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Gets the autoscaler's state of each named project on a node.</summary>
/// <remarks>
/// <para>
/// Reads <c>GET /v1/project/autoscale/&lt;project&gt;</c> for each <c>-Name</c>: the operation of the autoscaler's last
/// round, when it was written and its last log entries, one OverlordAutoscale each. A project without a state (never
/// autoscaled there, or the state expired after <c>autoscale_logs_expire_time</c>) is a NodeRefused error
/// (ObjectNotFound, "Project '&lt;name&gt;' cannot be found.") and the next name is read.
/// </para>
/// <para>
/// Upstream equivalent: <c>overlord get-info -f spec.yml -t autoscale --filter NAME</c>, which needs a filter; with
/// <c>-Path</c> and no <c>-Name</c> the spec's projectName (directorProject) or appName (appConfig) is read on every
/// node the spec reaches, as <c>--filter-per-project</c>. This node runs no autoscaler yet, so it always answers
/// 404; an upstream node answers with its state.
/// </para>
/// </remarks>
/// <example>
/// <code>PS> Get-OverlordAutoscale -Name web</code>
/// <para>Prints the autoscaler's state of project web on the connected node: Operation, LastUpdate and the number of log entries.</para>
/// </example>
/// <example>
/// <code>PS> Get-OverlordAutoscale -Path ./autoscale.yml -ErrorAction SilentlyContinue | Select-Object -ExpandProperty Logs</code>
/// <para>The autoscaler's log entries of the spec's project on every node the spec reaches, skipping nodes without a state.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "OverlordAutoscale", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordAutoscale))]
public sealed class GetOverlordAutoscaleCommand : NodeReadCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>Project names (literal). Optional with <c>-Path</c>, where the spec's projectName or appName is the default.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        foreach (var name in Names())
        {
            if (TryRun(c => node.GetAutoscaleStatusAsync(chain, name, c), name, out var status))
            {
                WriteObject(Shape(node.Address, chain, name, status, DateTimeOffset.UtcNow));
            }
        }
    }

    private string[] Names() => Name ?? (TargetSpec switch
    {
        DirectorProjectSpec project => new[] { project.ProjectName },
        AppConfigSpec app => new[] { app.AppName },
        _ => null,
    }) ?? throw Stop();

    private PipelineStoppedException Stop()
    {
        ThrowTerminatingError(new ErrorRecord(
            new PSArgumentException("Give -Name (upstream needs a filter for autoscale), or a directorProject or appConfig spec with -Path whose name is read."),
            ErrorIds.NameRequired, ErrorCategory.InvalidArgument, null));
        return new PipelineStoppedException();
    }

    /// <summary>The output object of a node's state.</summary>
    internal static OverlordAutoscale Shape(Uri address, string chain, string project, AutoscaleStatus status, DateTimeOffset now) =>
        new(address, chain, project, status.Operation, StatusText.Since(status.LastUpdate, now),
            [.. (status.Logs ?? []).Select(StatusText.Text).Where(t => t is not null).Select(t => t!)]);
}
