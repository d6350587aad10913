using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.Core.Specs;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Gets the namespaces of a node, each with its files and directories.</summary>
/// <remarks>
/// <para>
/// A namespace is a named folder of files on a node that a <c>metadata</c> spec fills (its <c>namespace</c>
/// mapping) and Director projects copy into jails. This writes one OverlordNamespace per namespace, whose Entries
/// list every file and directory in it with owner, group and mode. Without -Name every namespace; names with
/// wildcards filter; a name without wildcards that the node does not have is a NamespaceNotFound error.
/// </para>
/// <para>Upstream CLI: <c>overlord get-info -t namespaces</c>.</para>
/// </remarks>
/// <example title="List the namespaces">
/// <code>PS> Get-OverlordNamespace
///
/// Node                   Chain Name Entries
/// ----                   ----- ---- -------
/// http://127.0.0.1:8888/       web  3</code>
/// <para>Lists the namespaces of the connected node with the number of entries in each.</para>
/// </example>
/// <example title="Show the files of a namespace">
/// <code>PS> (Get-OverlordNamespace -Name web).Entries | Format-Table File, Directory, Mode
///
/// File                                               Directory                                 Mode
/// ----                                               ---------                                 ----
///                                                    /tmp/helpnodes/root/namespace/web/conf.d 16877
/// /tmp/helpnodes/root/namespace/web/conf.d/site.conf                                          33188
/// /tmp/helpnodes/root/namespace/web/nginx.conf                                                33188</code>
/// <para>Shows the files and directories of the namespace web, with their paths on the node.</para>
/// </example>
/// <example title="A namespace the node does not have">
/// <code>PS> Get-OverlordNamespace -Name nope
/// Get-OverlordNamespace: Namespace 'nope' was not found.</code>
/// <para>A name without wildcards that the node does not have is an error; -Name n* would write nothing instead.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "OverlordNamespace", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordNamespace))]
public sealed class GetOverlordNamespaceCommand : NodeReadCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>
    /// The namespaces to read; wildcards allowed. Without it every namespace. Binds the Name property of piped
    /// objects.
    /// </summary>
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
