using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Completers;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// <c>Get-OverlordJail</c>: the jails of a host, filtered by <c>-Name</c> wildcards; with <c>-Item</c> one object per
/// jail and item holding the node's answer for <c>/v1/jail/{item}/{jail}</c>.
/// </summary>
[Cmdlet(VerbsCommon.Get, "OverlordJail", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordJail))]
[OutputType(typeof(OverlordJailItem))]
public sealed class GetOverlordJailCommand : NodeReadCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>Jail names; wildcards allowed. A name without wildcards that the host lacks is an ObjectNotFound error.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JailNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Items to read of each jail.</summary>
    [Parameter]
    [ValidateSet("stats", "info", "cpuset", "devfs", "expose", "healthcheck", "limits", "fstab", "labels", "nat", "volumes")]
    public string[]? Item { get; set; }

    /// <inheritdoc />
    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        if (!TryRun(c => node.GetJailsAsync(chain, c), chain, out var jails))
        {
            return;
        }
        foreach (var jail in NameFilter.Select(jails, Name, this, "Jail", ErrorIds.JailNotFound))
        {
            if (Item is null)
            {
                WriteObject(new OverlordJail(node.Address, chain, jail));
                continue;
            }
            foreach (var item in Item.Select(i => i.ToLowerInvariant()).Distinct())
            {
                if (TryRun(c => node.GetJailItemAsync(chain, jail, item, c), jail, out var value))
                {
                    WriteObject(new OverlordJailItem(node.Address, chain, jail, item, value));
                }
            }
        }
    }
}
