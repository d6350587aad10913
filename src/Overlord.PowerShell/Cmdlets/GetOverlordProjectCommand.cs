using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Completers;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// <c>Get-OverlordProject</c>: the Director projects of a node with their info (state, last log, lock, services). A
/// project the node lists but has not described yet comes with null info rather than an error.
/// </summary>
[Cmdlet(VerbsCommon.Get, "OverlordProject", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordProject))]
public sealed class GetOverlordProjectCommand : NodeCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>Project names; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ProjectNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var (node, chain) = Target();
        if (!TryRun(c => node.GetProjectsAsync(chain, c), chain, out var projects))
        {
            return;
        }
        foreach (var project in NameFilter.Select(projects, Name, this, "Project", ErrorIds.ProjectNotFound))
        {
            if (TryRun(c => InfoAsync(node, chain, project, c), project, out var info))
            {
                WriteObject(new OverlordProject(node.Address, chain, project, info?.State, info?.LastLog, info?.Locked, info?.Services ?? []));
            }
        }
    }

    private static async Task<Core.Api.ProjectInfo?> InfoAsync(OverlordNode node, string chain, string project, CancellationToken cancellationToken)
    {
        try
        {
            return await node.GetProjectInfoAsync(chain, project, cancellationToken).ConfigureAwait(false);
        }
        catch (OverlordApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
