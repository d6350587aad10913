using System.Management.Automation;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary><c>Get-OverlordNamespace</c>: the namespaces of a node, each with its files and directories.</summary>
[Cmdlet(VerbsCommon.Get, "OverlordNamespace", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordNamespace))]
public sealed class GetOverlordNamespaceCommand : NodeCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>Namespace names; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var (node, chain) = Target();
        if (!TryRun(c => node.GetNamespacesAsync(chain, c), chain, out var names))
        {
            return;
        }
        foreach (var name in NameFilter.Select(names, Name, this, "Namespace", ErrorIds.NamespaceNotFound))
        {
            if (TryRun(c => node.GetNamespaceAsync(chain, name, c), name, out var entries))
            {
                WriteObject(new OverlordNamespace(node.Address, chain, name, entries));
            }
        }
    }
}
