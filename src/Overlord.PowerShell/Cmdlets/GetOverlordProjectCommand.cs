using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
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
