using Overlord.Core.Validation;
using Overlord.Core.Yaml;

namespace Overlord.Core.Specs;

internal static class MetadataReader
{
    public static MetadataSpec? Read(MapReader root, SpecCommon common, SpecContext context)
    {
        var r = root.Reader;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.Take("metadata") is { } inline)
        {
            ReadEntries(r, inline, "metadata", metadata);
        }
        var include = root.List("include", (n, p) => ReadInclude(context, n, p, metadata));
        var prefix = root.String("metadataPrefix", Names.Metadata(), Names.MetadataRule);
        var ns = root.Map("namespace") is { } n ? ReadNamespace(n, prefix) : null;
        return new MetadataSpec(common)
        {
            Metadata = metadata,
            MetadataPrefix = prefix,
            Include = include ?? [],
            Namespace = ns,
        };
    }

    private static void ReadEntries(SpecReader r, YNode node, string path, Dictionary<string, string> into)
    {
        if (node is not YMapping map)
        {
            r.TypeError(node, path, "a map of metadata names to strings");
            return;
        }
        foreach (var (key, value) in map.Entries)
        {
            if (r.Key(key, path, Names.Metadata(), Names.MetadataRule) is { } name && r.String(value, SpecReader.Join(path, name)) is { } text)
            {
                into[name] = text;
            }
        }
    }

    /// <summary>
    /// An include file is a YAML map of metadata, merged over what came before. Relative paths resolve against the
    /// spec's directory (upstream: the process's current directory). Its errors name the included file.
    /// </summary>
    private static string? ReadInclude(SpecContext context, YNode node, string path, Dictionary<string, string> into)
    {
        var r = context.Reader;
        if (r.String(node, path) is not { } name)
        {
            return null;
        }
        var full = System.IO.Path.GetFullPath(name, context.Directory);
        byte[] bytes;
        try
        {
            bytes = context.Options.ReadFile(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            r.Error(node, path, $"cannot read the included file '{full}': {e.Message}");
            return null;
        }
        var included = new Diagnostics(full);
        var document = YamlDocumentLoader.Load(bytes, included, context.Environment);
        if (document is not null)
        {
            var merged = new Dictionary<string, string>(StringComparer.Ordinal);
            ReadEntries(new SpecReader(included), document, "", merged);
            if (!included.HasErrors)
            {
                foreach (var (k, v) in merged)
                {
                    into[k] = v;
                }
            }
        }
        foreach (var error in included.Errors)
        {
            context.Diagnostics.Add(new SourceMark(error.Line, error.Column), error.KeyPath, error.Message, error.File);
        }
        if (included.HasErrors)
        {
            r.Error(node, path, $"the included file '{full}' has {included.Errors.Count} problem(s), listed with its name.");
            return null;
        }
        return full;
    }

    private static NamespaceSpec? ReadNamespace(MapReader m, string? metadataPrefix)
    {
        var r = m.Reader;
        var name = m.String("name", Names.Metadata(), Names.MetadataRule, required: true);
        var mapping = m.List("mapping", (n, p) => r.Map(n, p) is { } item ? ReadMapping(item, metadataPrefix) : null, required: true);
        m.RejectUnknown();
        return name is null || mapping is null ? null : new NamespaceSpec { Name = name, Mapping = mapping };
    }

    private static NamespaceMapping? ReadMapping(MapReader m, string? metadataPrefix)
    {
        var r = m.Reader;
        var fileNode = m.Take("file");
        var directoryNode = m.Take("directory");
        string? metadata = null, path = null;
        if (fileNode is null && directoryNode is null)
        {
            r.Error(m.Node, m.Child("file"), "give either 'file' or 'directory'; neither is set.");
        }
        else if (fileNode is not null && directoryNode is not null)
        {
            r.Error(directoryNode, m.Child("directory"), "give either 'file' or 'directory', not both.");
        }
        else if (fileNode is not null)
        {
            (metadata, path) = ReadFileTarget(r, fileNode, m.Child("file"));
        }
        else
        {
            path = r.String(directoryNode!, m.Child("directory"));
            path = CheckRelative(r, directoryNode!, m.Child("directory"), path);
        }
        var owner = ReadIdOrName(r, m, "owner");
        var group = ReadIdOrName(r, m, "group");
        var mode = m.Int("mode", min: 0, max: 0x7FFF_FFFF);
        var umask = m.Int("umask", min: 0, max: 0x7FFF_FFFF);
        var prefix = ReadPrefix(m, metadataPrefix);
        m.RejectUnknown();
        if (path is null)
        {
            return null;
        }
        return new NamespaceMapping
        {
            Metadata = metadata,
            Path = path,
            IsDirectory = directoryNode is not null,
            Owner = owner,
            Group = group,
            Mode = mode,
            Umask = umask,
            Prefix = metadata is null ? null : prefix,
        };
    }

    /// <summary><c>file</c> is <c>"meta:rel/path"</c> (split at the first colon) or <c>[meta, rel/path]</c>.</summary>
    private static (string? Metadata, string? Path) ReadFileTarget(SpecReader r, YNode node, string path)
    {
        string? meta, target;
        switch (node)
        {
            case YScalar { Kind: ScalarKind.String } s:
                if (!NamespaceMappingRules.TrySplitFile(s.Text, out meta, out target))
                {
                    r.Error(node, path, $"'{SpecReader.Shorten(s.Text)}' must name the metadata and the file as 'metadata:path/in/namespace'.");
                    return (null, null);
                }
                break;
            case YSequence seq:
                if (seq.Items.Count != 2)
                {
                    r.Error(node, path, $"must be a list of two strings [metadata, path], got {seq.Items.Count} items.");
                    return (null, null);
                }
                meta = r.String(seq.Items[0], SpecReader.Index(path, 0));
                target = r.String(seq.Items[1], SpecReader.Index(path, 1));
                if (meta is null || target is null)
                {
                    return (null, null);
                }
                break;
            default:
                r.TypeError(node, path, "a string 'metadata:path' or a list [metadata, path]");
                return (null, null);
        }
        if (!NamespaceMappingRules.IsMetadataName(meta))
        {
            r.Error(node, path, $"'{SpecReader.Shorten(meta)}' is not a valid metadata name: {Names.MetadataRule}");
            return (null, null);
        }
        return (meta, CheckRelative(r, node, path, target));
    }

    /// <summary>Namespace paths stay inside the namespace: no absolute paths, no '..' (the node refuses them too).</summary>
    private static string? CheckRelative(SpecReader r, YNode node, string path, string? value)
    {
        if (value is null)
        {
            return null;
        }
        if (!NamespaceMappingRules.IsRelativeInside(value))
        {
            r.Error(node, path, $"'{SpecReader.Shorten(value)}' must be a relative path inside the namespace, without '..'.");
            return null;
        }
        return value;
    }

    private static string? ReadIdOrName(SpecReader r, MapReader m, string key)
    {
        switch (m.Take(key))
        {
            case null:
                return null;
            case YScalar { Kind: ScalarKind.String } s:
                return s.Text;
            case YScalar { Kind: ScalarKind.Int } i:
                return r.Int(i, m.Child(key), min: 0)?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            case var other:
                r.TypeError(other, m.Child(key), "a name or a numeric id");
                return null;
        }
    }

    /// <summary>Only files get a prefix, and only when the spec sets metadataPrefix at all (as upstream).</summary>
    private static string? ReadPrefix(MapReader m, string? metadataPrefix)
    {
        var node = m.TakeRaw("prefix");
        var prefix = node switch
        {
            null => metadataPrefix,
            YScalar { Kind: ScalarKind.Null } => null,
            YScalar { Kind: ScalarKind.Bool, Value: bool b } => b ? metadataPrefix : null,
            YScalar { Kind: ScalarKind.String } s => s.Text,
            _ => Fail(m.Reader, node, m.Child("prefix")),
        };
        return metadataPrefix is null ? null : prefix;

        static string? Fail(SpecReader r, YNode node, string path)
        {
            r.TypeError(node, path, "a string or a boolean");
            return null;
        }
    }
}
