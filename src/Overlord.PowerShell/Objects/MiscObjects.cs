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

/// <summary>An appConfig template rendered with the text one node holds (<c>Get-OverlordTemplate</c>).</summary>
/// <param name="Datacenter">The datacenter in the spec.</param>
/// <param name="Node">The datacenter's entrypoint.</param>
/// <param name="Chain">The chain of the node the template was read from; "" for the entrypoint itself.</param>
/// <param name="Project">The project (directorProject) or VM (vmJail) the rendered spec deploys.</param>
/// <param name="Kind">The rendered spec's kind: directorProject or vmJail.</param>
/// <param name="Text">The rendered spec text, as a deployment would load it.</param>
public sealed record OverlordTemplate(string Datacenter, Uri Node, string Chain, string Project, string Kind, string Text);

/// <summary>The last VM job of a node for one VM (<c>Get-OverlordVM</c>).</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The chain of the node; "" for the node itself.</param>
/// <param name="Name">The VM name.</param>
/// <param name="Operation">RUNNING, COMPLETED, FAILED, …</param>
/// <param name="LastUpdate">When the record was written (the node's "seconds ago" taken from now).</param>
/// <param name="JobId">The job.</param>
/// <param name="Output">What the job printed, as text (JSON when the node sent an object); null when absent.</param>
/// <param name="Exception">Why it failed (<c>type: message</c>); null when absent.</param>
public sealed record OverlordVM(Uri Node, string Chain, string Name, string? Operation, DateTimeOffset? LastUpdate, long? JobId, string? Output, string? Exception);

/// <summary>The autoscaler's state of one project on a node (<c>Get-OverlordAutoscale</c>).</summary>
/// <param name="Node">The node's address.</param>
/// <param name="Chain">The chain of the node; "" for the node itself.</param>
/// <param name="Project">The project.</param>
/// <param name="Operation">RUNNING, COMPLETED or FAILED.</param>
/// <param name="LastUpdate">When the state was written.</param>
/// <param name="Logs">The autoscaler's last entries as text (<c>type: message</c> for failures).</param>
public sealed record OverlordAutoscale(Uri Node, string Chain, string Project, string? Operation, DateTimeOffset? LastUpdate, IReadOnlyList<string> Logs);
