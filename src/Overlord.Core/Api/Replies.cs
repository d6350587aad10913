using System.Text.Json.Serialization;

namespace Overlord.Core.Api;

// Upstream writes every body as {"status_code": N, ...payload}; the records below keep that key order
// (status_code first, then the payload keys in upstream's order), so a serialized reply reads like upstream's.

/// <summary><c>GET /v1/ping</c>: <c>{"status_code": 200, "status": "OK"}</c>.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Status">Always <c>OK</c>.</param>
public sealed record PingReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("status")] string Status);

/// <summary><c>GET /v1/labels</c>: the node's labels.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Labels">The labels in config order.</param>
public sealed record LabelsReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels);

/// <summary><c>GET /v1/chains</c>: the node's direct children that are not disabled.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Chains">Chain names in config order.</param>
public sealed record ChainsReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("chains")] IReadOnlyList<string> Chains);

/// <summary>An upstream error body: <c>{"status_code": N, "message": "..."}</c>.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Message">Upstream's text for the error.</param>
public sealed record ErrorReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("message")] string Message);

/// <summary>
/// The body a node answers when a call down a chain fails (upstream <c>ChainInternalHandler.remote_call</c>).
/// </summary>
/// <param name="StatusCode">The child's HTTP status when it answered one, else 503.</param>
/// <param name="Function">Upstream's client method for the route, e.g. <c>get_api_labels</c>.</param>
/// <param name="Entrypoint">The hop this node called.</param>
/// <param name="Chain">The rest of the path after that hop; empty when the hop was the tail.</param>
/// <param name="Error">The kind of failure, e.g. <c>HTTPStatusError</c>, <c>ConnectError</c>, <c>ReadTimeout</c>.</param>
/// <param name="Message">What went wrong.</param>
public sealed record ChainFailureReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("function")] string Function,
    [property: JsonPropertyName("entrypoint")] string Entrypoint,
    [property: JsonPropertyName("chain")] string Chain,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message);

/// <summary>
/// <c>GET /v1/chains/tree</c> (ours, not upstream's): this node's labels and every chain below it, asked in one call.
/// </summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Labels">This node's labels.</param>
/// <param name="Chains">Direct children, each with its own subtree.</param>
public sealed record ChainTreeReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels,
    [property: JsonPropertyName("chains")] IReadOnlyList<ChainTreeNode> Chains);

/// <summary>One child in a chain tree: either its labels and children, or the error that stopped the walk there.</summary>
/// <param name="Name">The chain name as the parent configures it.</param>
/// <param name="Labels">The child's labels; null when <paramref name="Error"/> is set.</param>
/// <param name="Chains">The child's own children; null when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why this branch could not be read; null when it could.</param>
public sealed record ChainTreeNode(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("labels"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Labels,
    [property: JsonPropertyName("chains"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ChainTreeNode>? Chains,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChainTreeError? Error);

/// <summary>Why a branch of the chain tree is missing.</summary>
/// <param name="StatusCode">The child's HTTP status when it answered one, else 503 (504 when the branch ran out of time).</param>
/// <param name="Error">The kind of failure, in the spelling of <see cref="ChainFailureReply.Error"/>.</param>
/// <param name="Message">What went wrong.</param>
public sealed record ChainTreeError(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message);

/// <summary><c>GET /v1/chains/stats</c> (ours): the health of each direct child as this node sees it.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Chains">One entry per configured, enabled child, in config order.</param>
public sealed record ChainStatsReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("chains")] IReadOnlyList<ChainStats> Chains);

/// <summary>The smart-timeout state of one child.</summary>
/// <param name="Chain">The chain name.</param>
/// <param name="Failures">Failures counted since the last success.</param>
/// <param name="Disabled">True while calls to it are skipped.</param>
/// <param name="LastFailure">When the last counted failure happened; null when none is counted.</param>
/// <param name="DisabledForSeconds">Seconds left until it is tried again; null when not disabled.</param>
public sealed record ChainStats(
    [property: JsonPropertyName("chain")] string Chain,
    [property: JsonPropertyName("failures")] int Failures,
    [property: JsonPropertyName("disabled")] bool Disabled,
    [property: JsonPropertyName("last_failure")] DateTimeOffset? LastFailure,
    [property: JsonPropertyName("disabled_for_seconds")] double? DisabledForSeconds);
