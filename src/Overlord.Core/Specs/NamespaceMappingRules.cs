using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Overlord.Core.Specs;

/// <summary>
/// The rules of a <c>namespace.mapping</c> item shared by the spec reader (YAML) and the node (the JSON body of
/// <c>POST</c>/<c>PUT /v1/namespace/{name}</c>), so both accept the same items.
/// </summary>
public static class NamespaceMappingRules
{
    /// <summary>The keys an item may have (upstream's list).</summary>
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.Ordinal)
    {
        "file", "directory", "owner", "group", "mode", "umask", "prefix",
    };

    /// <summary>The largest <c>mode</c>: permission bits plus setuid, setgid and sticky (07777).</summary>
    public const long MaxMode = 0xFFF;

    /// <summary>The largest <c>umask</c> (0777).</summary>
    public const long MaxUmask = 0x1FF;

    /// <summary>Splits <c>"meta:rel/path"</c> at the first colon; false when there is none.</summary>
    public static bool TrySplitFile(string text, out string metadata, out string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            (metadata, path) = ("", "");
            return false;
        }
        (metadata, path) = (text[..colon], text[(colon + 1)..]);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="path"/> can only name something inside the namespace: not empty, not absolute, no
    /// <c>..</c> part, no NUL or other control characters. (Symlinks are the node's business.)
    /// </summary>
    public static bool IsRelativeInside(string path) =>
        !string.IsNullOrEmpty(path)
        && !path.StartsWith('/')
        && !path.Split('/').Contains("..")
        && !path.Any(char.IsControl);

    /// <summary>Whether <paramref name="name"/> is a valid metadata key or namespace name (a full match, no trailing newline).</summary>
    public static bool IsMetadataName(string? name) =>
        name is not null && !name.EndsWith('\n') && Names.Metadata().IsMatch(name);

    /// <summary>
    /// Reads the JSON <c>mapping</c> of a namespace write with the spec's rules. Returns the items, or null and an
    /// <paramref name="error"/> naming the item (<c>mapping[i].key: ...</c>). Paths are returned as given: the caller
    /// confines them. <c>prefix</c> is checked (string, boolean or null) but not applied: the client resolves it against
    /// its spec's <c>metadataPrefix</c> before sending, as upstream's client does.
    /// </summary>
    public static IReadOnlyList<NamespaceMapping>? ParseJson(JsonArray mapping, out string? error)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        error = null;
        if (mapping.Count == 0)
        {
            error = "mapping: at least one item is required.";
            return null;
        }
        var items = new List<NamespaceMapping>(mapping.Count);
        for (var i = 0; i < mapping.Count; i++)
        {
            var at = $"mapping[{i}]";
            if (ParseItem(mapping[i], at, out error) is not { } item)
            {
                return null;
            }
            items.Add(item);
        }
        return items;
    }

    private static NamespaceMapping? ParseItem(JsonNode? node, string at, out string? error)
    {
        error = null;
        if (node is not JsonObject item)
        {
            error = $"{at}: must be a map with 'file' or 'directory'.";
            return null;
        }
        foreach (var (key, _) in item)
        {
            if (!Keys.Contains(key))
            {
                error = $"{at}: unknown key '{key}'; allowed: {string.Join(", ", Keys)}.";
                return null;
            }
        }
        var hasFile = item.ContainsKey("file");
        var hasDirectory = item.ContainsKey("directory");
        if (hasFile == hasDirectory)
        {
            error = hasFile ? $"{at}: give either 'file' or 'directory', not both." : $"{at}: give either 'file' or 'directory'; neither is set.";
            return null;
        }
        string? metadata = null;
        string path;
        if (hasFile)
        {
            if (ReadFile(item["file"], $"{at}.file", out error) is not { } file)
            {
                return null;
            }
            (metadata, path) = file;
        }
        else if (AsString(item["directory"]) is { } directory)
        {
            path = directory;
        }
        else
        {
            error = $"{at}.directory: must be a string.";
            return null;
        }
        if (!ReadIdOrName(item, "owner", at, out var owner, out error)
            || !ReadIdOrName(item, "group", at, out var group, out error)
            || !ReadInt(item, "mode", at, MaxMode, out var mode, out error)
            || !ReadInt(item, "umask", at, MaxUmask, out var umask, out error))
        {
            return null;
        }
        if (item.TryGetPropertyValue("prefix", out var prefix) && prefix is not null
            && prefix.GetValueKind() is not (JsonValueKind.String or JsonValueKind.True or JsonValueKind.False))
        {
            error = $"{at}.prefix: must be a string or a boolean.";
            return null;
        }
        return new NamespaceMapping
        {
            Metadata = metadata,
            Path = path,
            IsDirectory = hasDirectory,
            Owner = owner,
            Group = group,
            Mode = mode,
            Umask = umask,
        };
    }

    private static (string Metadata, string Path)? ReadFile(JsonNode? node, string at, out string? error)
    {
        error = null;
        string metadata, path;
        if (AsString(node) is { } text)
        {
            if (!TrySplitFile(text, out metadata, out path))
            {
                error = $"{at}: '{text}' must name the metadata and the file as 'metadata:path/in/namespace'.";
                return null;
            }
        }
        else if (node is JsonArray pair)
        {
            if (pair.Count != 2 || AsString(pair[0]) is not { } m || AsString(pair[1]) is not { } p)
            {
                error = $"{at}: must be a list of two strings [metadata, path].";
                return null;
            }
            (metadata, path) = (m, p);
        }
        else
        {
            error = $"{at}: must be a string 'metadata:path' or a list [metadata, path].";
            return null;
        }
        if (!IsMetadataName(metadata))
        {
            error = $"{at}: '{metadata}' is not a valid metadata name: {Names.MetadataRule}";
            return null;
        }
        return (metadata, path);
    }

    private static bool ReadIdOrName(JsonObject item, string key, string at, out string? value, out string? error)
    {
        (value, error) = (null, null);
        if (!item.TryGetPropertyValue(key, out var node) || node is null)
        {
            return true;
        }
        if (AsString(node) is { Length: > 0 } name && !name.Any(char.IsControl))
        {
            value = name;
            return true;
        }
        if (node is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue<long>(out var id) && id is >= 0 and <= uint.MaxValue - 1)
        {
            value = id.ToString(CultureInfo.InvariantCulture);
            return true;
        }
        error = $"{at}.{key}: must be a name or a numeric id.";
        return false;
    }

    private static bool ReadInt(JsonObject item, string key, string at, long max, out long? value, out string? error)
    {
        (value, error) = (null, null);
        if (!item.TryGetPropertyValue(key, out var node) || node is null)
        {
            return true;
        }
        if (node is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue<long>(out var n) && n >= 0 && n <= max)
        {
            value = n;
            return true;
        }
        error = $"{at}.{key}: must be an integer from 0 to {max} (octal {Convert.ToString(max, 8)}).";
        return false;
    }

    private static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
