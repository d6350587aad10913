using System.Management.Automation;
using Overlord.Core.Api;
using Overlord.Core.Client;
using Overlord.Core.Specs;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Gets the state of the last VM job of a node for each named VM.</summary>
/// <remarks>
/// <para>
/// Reads <c>GET /v1/vm/&lt;name&gt;</c> for each <c>-Name</c>: the record of the node's last job for that VM (operation,
/// when it was written, job id, output, exception), one OverlordVM each. A VM the node has no record of is a
/// NodeRefused error (ObjectNotFound, "VM '&lt;name&gt;' cannot be found.") and the next name is read.
/// </para>
/// <para>
/// Upstream equivalent: <c>overlord get-info -f spec.yml -t vm --filter NAME</c>, or <c>--filter-per-project</c>: with
/// <c>-Path</c> and no <c>-Name</c>, the spec's own <c>vmName</c> (vmJail) or <c>appName</c> (appConfig) is read on
/// every node the spec reaches. Names are literal, as upstream's. This node does not run VM jobs yet, so it answers
/// 404 until it does; an upstream node answers with its record.
/// </para>
/// </remarks>
/// <example>
/// <code>PS> Get-OverlordVM -Name freebsd-vm</code>
/// <para>Prints the VM's last job on the connected node: Name, Operation (e.g. COMPLETED), LastUpdate and JobId.</para>
/// </example>
/// <example>
/// <code>PS> Get-OverlordVM -Path ./vm-freebsd.yml | Select-Object Datacenter, Chain, Operation, Exception</code>
/// <para>For every node vm-freebsd.yml deploys to, the state of its vmName and why it failed, if it did.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "OverlordVM", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordVM))]
public sealed class GetOverlordVMCommand : NodeReadCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>VM names (literal). Optional with <c>-Path</c>, where the spec's vmName or appName is the default.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        foreach (var name in Names())
        {
            if (TryRun(c => node.GetVmStatusAsync(chain, name, c), name, out var status))
            {
                WriteObject(Shape(node.Address, chain, name, status, DateTimeOffset.UtcNow));
            }
        }
    }

    private string[] Names() => Name ?? (TargetSpec switch
    {
        VmJailSpec vm => new[] { vm.VmName },
        AppConfigSpec app => new[] { app.AppName },
        _ => null,
    }) ?? throw Stop();

    private PipelineStoppedException Stop()
    {
        ThrowTerminatingError(new ErrorRecord(
            new PSArgumentException("Give -Name, or a vmJail or appConfig spec with -Path whose name is read."), ErrorIds.NameRequired, ErrorCategory.InvalidArgument, null));
        return new PipelineStoppedException();
    }

    /// <summary>The output object of a node's record.</summary>
    internal static OverlordVM Shape(Uri address, string chain, string name, VmStatus status, DateTimeOffset now) =>
        new(address, chain, name, status.Operation, StatusText.Since(status.LastUpdate, now), status.JobId, StatusText.Text(status.Output), StatusText.Text(status.Exception));
}
