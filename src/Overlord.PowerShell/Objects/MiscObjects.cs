namespace Overlord.PowerShell.Objects;

// Output types of the cmdlets added after the first node cmdlets (jail items, log lines, templates, VM and
// autoscale status). Like those, each carries Node and Chain so that it pipes by property name; objects written for
// a -Path target also get a Datacenter note property.

/// <summary>One rctl resource of a running jail (<c>Get-OverlordJail -Item stats</c>).</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The chain of the host; "" for the node itself.</param>
/// <param name="Jail">The jail name.</param>
/// <param name="Resource">The rctl resource, e.g. <c>memoryuse</c>.</param>
/// <param name="Value">Its current value.</param>
public sealed record OverlordJailStat(Uri Node, string Chain, string Jail, string Resource, long Value);

/// <summary>One configured keyword of a jail (<c>Get-OverlordJail -Item info</c>), as <c>appjail jail get</c> prints it.</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The chain of the host; "" for the node itself.</param>
/// <param name="Jail">The jail name.</param>
/// <param name="Keyword">The keyword, e.g. <c>status</c>.</param>
/// <param name="Value">Its value.</param>
public sealed record OverlordJailInfo(Uri Node, string Chain, string Jail, string Keyword, string Value);

/// <summary>One AppJail label of a jail (<c>Get-OverlordJail -Item labels</c>).</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The chain of the host; "" for the node itself.</param>
/// <param name="Jail">The jail name.</param>
/// <param name="Name">The label's name, e.g. <c>overlord.load-balancer</c>.</param>
/// <param name="Value">The label's value; null when the node has none.</param>
public sealed record OverlordJailLabel(Uri Node, string Chain, string Jail, string Name, string? Value);

/// <summary>One line of a log (<c>Get-OverlordJailLog</c>/<c>Get-OverlordProjectLog</c> with <c>-Tail</c> or <c>-Wait</c>).</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The chain of the node; "" for the node itself.</param>
/// <param name="Path">The log's path in its tree.</param>
/// <param name="LineNumber">The line's number in the log, from 1.</param>
/// <param name="Line">The text, without the line break.</param>
public sealed record OverlordLogLine(Uri Node, string Chain, string Path, long LineNumber, string Line);
