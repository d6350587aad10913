using System.Management.Automation;
using Overlord.PowerShell.Completers;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary><c>Get-OverlordJail</c>: the jails of a host, filtered by <c>-Name</c> wildcards.</summary>
[Cmdlet(VerbsCommon.Get, "OverlordJail", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordJail))]
public sealed class GetOverlordJailCommand : NodeCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>Jail names; wildcards allowed. A name without wildcards that the host lacks is an ObjectNotFound error.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JailNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var (node, chain) = Target();
        if (!TryRun(c => node.GetJailsAsync(chain, c), chain, out var jails))
        {
            return;
        }
        foreach (var jail in NameFilter.Select(jails, Name, this, "Jail", ErrorIds.JailNotFound))
        {
            WriteObject(new OverlordJail(node.Address, chain, jail));
        }
    }
}
