namespace Overlord.Core.Specs;

/// <summary><c>kind: metadata</c>: key/value metadata written to every matching node, and an optional namespace.</summary>
public sealed record MetadataSpec : Spec
{
    /// <summary>Creates the spec from the shared keys.</summary>
    public MetadataSpec(SpecCommon common) : base(common) { }

    /// <inheritdoc />
    public override string Kind => SpecKinds.Metadata;

    /// <summary>
    /// <c>metadata</c> merged with every <c>include</c> file in order (later wins), keys as written in the spec
    /// (without <see cref="MetadataPrefix"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary><c>metadataPrefix</c>: keys are sent as <c>&lt;prefix&gt;.&lt;key&gt;</c>.</summary>
    public string? MetadataPrefix { get; init; }

    /// <summary><c>include</c>: the files merged into <see cref="Metadata"/>, as resolved.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary><c>namespace</c>: files and directories built from metadata on each node.</summary>
    public NamespaceSpec? Namespace { get; init; }

    /// <summary>The keys as the node stores them, with the prefix applied.</summary>
    public IEnumerable<KeyValuePair<string, string>> PrefixedMetadata =>
        Metadata.Select(kv => new KeyValuePair<string, string>(MetadataPrefix is null ? kv.Key : $"{MetadataPrefix}.{kv.Key}", kv.Value));
}

/// <summary><c>namespace</c> of a metadata spec.</summary>
public sealed record NamespaceSpec
{
    /// <summary><c>name</c>: the namespace name (metadata name rules).</summary>
    public required string Name { get; init; }

    /// <summary><c>mapping</c>: what to build, in order.</summary>
    public required IReadOnlyList<NamespaceMapping> Mapping { get; init; }
}

/// <summary>One <c>namespace.mapping</c> item: a file made from a metadata value, or a directory.</summary>
public sealed record NamespaceMapping
{
    /// <summary>For a file: the metadata key whose value becomes the file (before the prefix is applied).</summary>
    public string? Metadata { get; init; }

    /// <summary>The file or directory path, relative to the namespace's root.</summary>
    public required string Path { get; init; }

    /// <summary>True for <c>directory</c>, false for <c>file</c>.</summary>
    public bool IsDirectory { get; init; }

    /// <summary><c>owner</c>: a user name or numeric id.</summary>
    public string? Owner { get; init; }

    /// <summary><c>group</c>: a group name or numeric id.</summary>
    public string? Group { get; init; }

    /// <summary><c>mode</c>: permission bits (write them in octal, e.g. 0640).</summary>
    public long? Mode { get; init; }

    /// <summary><c>umask</c>.</summary>
    public long? Umask { get; init; }

    /// <summary>
    /// The prefix applied to <see cref="Metadata"/> after resolving <c>prefix</c>: absent or true takes the spec's
    /// metadataPrefix, a string is used as is, false or null means none.
    /// </summary>
    public string? Prefix { get; init; }
}
