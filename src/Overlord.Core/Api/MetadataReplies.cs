using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Overlord.Core.Api;

// Metadata and namespace routes of upstream's serve.py (MetadataHandler, NamespaceHandler and their list handlers).

/// <summary><c>GET /v1/metadata</c>: every key the node stores.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Metadata">Key names.</param>
public sealed record MetadataListReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("metadata")] IReadOnlyList<string> Metadata);

/// <summary><c>GET /v1/metadata/{key}</c>: one value.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Metadata">The stored text.</param>
public sealed record MetadataReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("metadata")] string Metadata);

/// <summary>Body of <c>POST</c>/<c>PUT /v1/metadata/{key}</c>.</summary>
/// <param name="Value">The text to store.</param>
public sealed record MetadataWriteRequest(
    [property: JsonPropertyName("value")] string Value);

/// <summary>
/// The answer of a write (metadata or namespace, create or update): <c>{"status_code": 201|200, "message": "..."}</c>.
/// </summary>
/// <param name="StatusCode">201 created (also when it existed, as upstream), 200 updated.</param>
/// <param name="Message">Upstream's text, e.g. <c>Metadata 'k' has been successfully created.</c>.</param>
public sealed record MessageReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("message")] string Message);

/// <summary><c>GET /v1/namespace</c>: every namespace the node stores.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Namespaces">Namespace names.</param>
public sealed record NamespaceListReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("namespaces")] IReadOnlyList<string> Namespaces);

/// <summary><c>GET /v1/namespace/{name}</c>: every file and directory below the namespace, recursively.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Namespace">One entry per file or directory.</param>
public sealed record NamespaceReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("namespace")] IReadOnlyList<NamespaceEntry> Namespace);

/// <summary>One file or directory of a namespace, as upstream reports it (absolute server paths, numeric ids, st_mode).</summary>
/// <param name="File">Absolute path when a regular file.</param>
/// <param name="Directory">Absolute path when a directory.</param>
/// <param name="Owner">Owner uid.</param>
/// <param name="Group">Group gid.</param>
/// <param name="Mode">Full <c>st_mode</c> (type bits included), e.g. 33188 for a 0644 file.</param>
public sealed record NamespaceEntry(
    [property: JsonPropertyName("file"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? File,
    [property: JsonPropertyName("directory"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Directory,
    [property: JsonPropertyName("owner")] long Owner,
    [property: JsonPropertyName("group")] long Group,
    [property: JsonPropertyName("mode")] long Mode);

/// <summary>
/// Body of <c>POST</c>/<c>PUT /v1/namespace/{name}</c>: upstream's <c>{"mapping": [...]}</c>, each item a map with
/// exactly one of <c>file</c> (<c>"meta:rel/path"</c> or <c>[meta, path]</c>) / <c>directory</c>, plus <c>owner</c>,
/// <c>group</c>, <c>mode</c>, <c>umask</c>, <c>prefix</c> (spec §1.9). Kept as JSON: items are validated by the node.
/// </summary>
/// <param name="Mapping">The mapping items.</param>
public sealed record NamespaceWriteRequest(
    [property: JsonPropertyName("mapping")] JsonArray Mapping);
