using Overlord.Core.Api;

namespace Overlord.PowerShell.Objects;

// Output types of the node cmdlets. Each carries Node and Chain so that a pipeline binds them by property name to
// the next cmdlet's -Uri (alias Node) and -Chain: Chain is "" for the node itself, else the dotted path below it.

/// <summary>The node <c>Connect-OverlordNode</c> connected to.</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The default chain; "" for the node itself.</param>
/// <param name="Labels">The labels of the addressed node.</param>
public sealed record OverlordConnection(Uri Node, string Chain, IReadOnlyList<string> Labels);

/// <summary>One label of a node.</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The chain of the labelled node; "" for the node itself.</param>
/// <param name="Name">The label.</param>
public sealed record OverlordLabel(Uri Node, string Chain, string Name);

/// <summary>A direct child chain of a node.</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The full dotted path of the child, so that piping it addresses the child.</param>
/// <param name="Name">The child's name as its parent configures it.</param>
public sealed record OverlordChain(Uri Node, string Chain, string Name);

/// <summary>One node of the chain tree below a node.</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The full dotted path of this branch.</param>
/// <param name="Path">The path relative to the node the tree was asked of.</param>
/// <param name="Depth">1 for a direct child.</param>
/// <param name="Labels">The branch's labels; empty when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the branch could not be read; null when it could.</param>
public sealed record OverlordChainTreeEntry(Uri Node, string Chain, string Path, int Depth, IReadOnlyList<string> Labels, string? Error);

/// <summary>The smart-timeout state of one direct child.</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The full dotted path of the child.</param>
/// <param name="Failures">Failures since the last success.</param>
/// <param name="Disabled">True while calls to it are skipped.</param>
/// <param name="LastFailure">When the last counted failure happened.</param>
/// <param name="DisabledForSeconds">Seconds until it is tried again.</param>
public sealed record OverlordChainStats(Uri Node, string Chain, int Failures, bool Disabled, DateTimeOffset? LastFailure, double? DisabledForSeconds);

/// <summary>A jail of a host.</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The chain of the host; "" for the node itself.</param>
/// <param name="Name">The jail name.</param>
public sealed record OverlordJail(Uri Node, string Chain, string Name);

/// <summary>One rctl resource summed over the jails of a host.</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The chain of the host; "" for the node itself.</param>
/// <param name="Resource">The rctl resource, e.g. <c>memoryuse</c>.</param>
/// <param name="Value">The sum.</param>
public sealed record OverlordStat(Uri Node, string Chain, string Resource, long Value);

/// <summary>One metadata entry of a node.</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The chain of the node; "" for the node itself.</param>
/// <param name="Key">The key.</param>
/// <param name="Value">The stored text.</param>
public sealed record OverlordMetadata(Uri Node, string Chain, string Key, string Value);

/// <summary>A Director project of a node with what the node knows of it.</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The chain of the node; "" for the node itself.</param>
/// <param name="Name">The project name.</param>
/// <param name="State">DONE, FAILED, UNFINISHED or DESTROYING; null when the node has no description.</param>
/// <param name="LastLog">The last log directory.</param>
/// <param name="Locked">Whether the project is locked.</param>
/// <param name="Services">The services with their status code and jail.</param>
/// <param name="Status">
/// The status of the project's last deployment job on that node (COMPLETED, INCOMPLETED, FAILED, NOOP, RUNNING …):
/// the newer of the <c>up</c> and <c>down</c> records of project info; null when the node reports neither.
/// </param>
/// <param name="LastAction">Which record <paramref name="Status"/> came from: <c>up</c> or <c>down</c>; null with it.</param>
/// <param name="LastJobId">The node's id of that job when it reports one (pipe it to <c>Wait-OverlordDeployment -JobId</c>).</param>
public sealed record OverlordProject(Uri Node, string Chain, string Name, string? State, string? LastLog, bool? Locked, IReadOnlyList<ProjectService> Services,
    string? Status = null, string? LastAction = null, long? LastJobId = null);

/// <summary>A namespace of a node with its files and directories.</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The chain of the node; "" for the node itself.</param>
/// <param name="Name">The namespace name.</param>
/// <param name="Entries">Its files and directories.</param>
public sealed record OverlordNamespace(Uri Node, string Chain, string Name, IReadOnlyList<NamespaceEntry> Entries);

/// <summary>One item of a jail (<c>Get-OverlordJail -Item</c>).</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The chain of the host; "" for the node itself.</param>
/// <param name="Jail">The jail name.</param>
/// <param name="Item">The item, e.g. <c>info</c>.</param>
/// <param name="Value">The node's answer: a dictionary (stats, info), text (cpuset) or key/value rows; null when none.</param>
public sealed record OverlordJailItem(Uri Node, string Chain, string Jail, string Item, object? Value);

/// <summary>One log file of a node (AppJail's tree for jails, Director's for projects), or its text.</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The chain of the node; "" for the node itself.</param>
/// <param name="Path">The file's path in the tree, e.g. <c>jails/web/startup-start/2025-06-14.log</c>.</param>
/// <param name="Content">The text when one log was asked for; null in a listing.</param>
public sealed record OverlordLog(Uri Node, string Chain, string Path, string? Content);
