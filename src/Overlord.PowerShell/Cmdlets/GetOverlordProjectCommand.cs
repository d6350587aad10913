using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
using Overlord.Core.Client;
using Overlord.Core.Specs;
using Overlord.PowerShell.Completers;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Gets the Director projects of a node with their state, services and last deployment job.</summary>
/// <remarks>
/// <para>
/// Lists the projects the node's poller has seen (<c>GET /v1/projects</c>) and reads each one's info
/// (<c>GET /v1/project/info/&lt;project&gt;</c>): Director's State (DONE, FAILED, UNFINISHED, DESTROYING), LastLog,
/// Locked and the Services with their jails and status, plus Status, LastAction and LastJobId — the node's newer
/// deployment record (up or down) with the job's status (COMPLETED, INCOMPLETED, FAILED, NOOP, RUNNING …). A project
/// the node lists but has not described yet comes with null info rather than an error.
/// </para>
/// <para>
/// Upstream equivalent: <c>overlord get-info -f spec.yml -t projects</c>. Without <c>-Path</c> it reads the connected
/// node (or <c>-Uri</c>/<c>-Chain</c>); with <c>-Path</c> every node the spec reaches, and then only the spec's own
/// project unless <c>-Name</c> is given (upstream's <c>--filter-per-project</c>). The objects bind by property name
/// to Remove-OverlordDeployment and Stop-OverlordDeployment (Name, Node, Chain).
/// </para>
/// </remarks>
/// <example>
/// <code>PS> Get-OverlordProject -Chain alpha</code>
/// <para>The projects of the node at chain alpha below the connected node: Chain, Name, State, Status, Services.</para>
/// </example>
/// <example>
/// <code>PS> Get-OverlordProject -Path ./examples/web.yml | Format-Table Datacenter, Chain, Name, State, Status</code>
/// <para>Project web on every node web.yml reaches, with the datacenter and chain each one runs on.</para>
/// </example>
/// <example>
/// <code>PS> Get-OverlordProject | Where-Object Status -eq FAILED | Remove-OverlordDeployment -WhatIf</code>
/// <para>Shows which projects whose last deployment failed would be destroyed, without destroying anything.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "OverlordProject", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordProject))]
public sealed class GetOverlordProjectCommand : NodeReadCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>Project names; wildcards allowed. A name without wildcards that the node lacks is an ObjectNotFound error. With <c>-Path</c> it defaults to the spec's project.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ProjectNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <inheritdoc />
    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        if (!TryRun(c => node.GetProjectsAsync(chain, c), chain, out var projects))
        {
            return;
        }
        // With a spec and no -Name, only the spec's project (upstream's --filter-per-project); a node without it is no error.
        var fromSpec = Name is null ? TargetSpec switch
        {
            DirectorProjectSpec p => p.ProjectName,
            VmJailSpec v => v.VmName,
            AppConfigSpec a => a.AppName,
            _ => null,
        } : null;
        var selected = fromSpec is not null
            ? projects.Where(p => string.Equals(p, fromSpec, StringComparison.Ordinal))
            : NameFilter.Select(projects, Name, this, "Project", ErrorIds.ProjectNotFound);
        foreach (var project in selected)
        {
            if (TryRun(c => InfoAsync(node, chain, project, c), project, out var info))
            {
                var (status, action, jobId) = LastJob(info);
                WriteObject(new OverlordProject(node.Address, chain, project, info?.State, info?.LastLog, info?.Locked, info?.Services ?? [], status, action, jobId));
            }
        }
    }

    /// <summary>
    /// The newer of project info's <c>up</c> and <c>down</c> records (<c>operation</c> is the job's status,
    /// <c>last_update</c> seconds ago, so the smaller is newer; on a tie the larger <c>job_id</c>).
    /// </summary>
    internal static (string? Status, string? Action, long? JobId) LastJob(Core.Api.ProjectInfo? info)
    {
        var up = Record(info?.Up);
        var down = Record(info?.Down);
        var last = (up, down) switch
        {
            (null, null) => null,
            (not null, null) => up,
            (null, not null) => down,
            _ => up!.Value.Age < down!.Value.Age || (up.Value.Age == down.Value.Age && (up.Value.JobId ?? 0) > (down.Value.JobId ?? 0)) ? up : down,
        };
        return last is { } r ? (r.Status, ReferenceEquals(r.Source, info?.Up) ? "up" : "down", r.JobId) : (null, null, null);
    }

    private static (string Status, double Age, long? JobId, JsonObject Source)? Record(JsonObject? record)
    {
        if (record?["operation"] is not JsonValue op || !op.TryGetValue<string>(out var status))
        {
            return null;
        }
        return (status, Number(record["last_update"]) ?? double.MaxValue, Number(record["job_id"]) is { } id ? (long)id : null, record);
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble()
        : node is JsonValue v && v.TryGetValue<double>(out var d) ? d
        : node is JsonValue w && w.TryGetValue<long>(out var l) ? l
        : null;

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
