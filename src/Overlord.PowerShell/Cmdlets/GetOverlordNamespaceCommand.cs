using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.Core.Specs;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary><c>Get-OverlordNamespace</c>: the namespaces of a node, each with its files and directories.</summary>
[Cmdlet(VerbsCommon.Get, "OverlordNamespace", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordNamespace))]
public sealed class GetOverlordNamespaceCommand : NodeReadCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>Namespace names; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <inheritdoc />
    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        if (!TryRun(c => node.GetNamespacesAsync(chain, c), chain, out var names))
        {
            return;
        }
        // With -Path and no -Name, a metadata spec's namespace is read, as upstream's get-info -t namespaces does.
        var wanted = Name ?? (TargetSpec is MetadataSpec { Namespace: { } ns } ? [ns.Name] : null);
        foreach (var name in NameFilter.Select(names, wanted, this, "Namespace", ErrorIds.NamespaceNotFound))
        {
            if (TryRun(c => node.GetNamespaceAsync(chain, name, c), name, out var entries))
            {
                WriteObject(new OverlordNamespace(node.Address, chain, name, entries));
            }
        }
    }
}
