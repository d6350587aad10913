using System.Text.RegularExpressions;
using Overlord.Core.Yaml;

namespace Overlord.Core.Validation;

/// <summary>
/// Reads the keys of one YAML map. Every key read is marked as known; <see cref="RejectUnknown"/> then reports the
/// rest, as upstream's key whitelists do. An explicit <c>null</c> counts as absent, as upstream's <c>dict.get</c>
/// checks do, so defaults apply.
/// </summary>
internal sealed class MapReader
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public MapReader(SpecReader reader, YMapping node, string path)
    {
        Reader = reader;
        Node = node;
        Path = path;
    }

    public SpecReader Reader { get; }

    public YMapping Node { get; }

    public string Path { get; }

    public IEnumerable<string> Keys => Node.Entries.Select(e => e.Key.Text);

    public string Child(string key) => SpecReader.Join(Path, key);

    /// <summary>The value under <paramref name="key"/>, or null when it is absent or null.</summary>
    public YNode? Take(string key)
    {
        var node = TakeRaw(key);
        return node is YScalar { Kind: ScalarKind.Null } ? null : node;
    }

    /// <summary>The value under <paramref name="key"/> even when it is an explicit null.</summary>
    public YNode? TakeRaw(string key)
    {
        _known.Add(key);
        return Node.Find(key);
    }

    public bool Has(string key) => Take(key) is not null;

    /// <summary>Marks keys as known without reading them.</summary>
    public void Allow(params string[] keys)
    {
        foreach (var key in keys)
        {
            _known.Add(key);
        }
    }

    public void Missing(string key) =>
        Reader.Error(Node, Child(key), $"the required key '{key}' is missing.");

    private YNode? Get(string key, bool required)
    {
        var node = Take(key);
        if (node is null && required)
        {
            Missing(key);
        }
        return node;
    }

    public string? String(string key, bool required = false) =>
        Get(key, required) is { } n ? Reader.String(n, Child(key)) : null;

    public string? String(string key, Regex pattern, string rule, bool required = false) =>
        Get(key, required) is { } n ? Reader.String(n, Child(key), pattern, rule) : null;

    public string? OneOf(string key, IReadOnlyList<string> allowed, bool required = false) =>
        Get(key, required) is { } n ? Reader.OneOf(n, Child(key), allowed) : null;

    public long? Int(string key, long? min = null, long? max = null, bool required = false) =>
        Get(key, required) is { } n ? Reader.Int(n, Child(key), min, max) : null;

    public int? Int32(string key, int? min = null, int? max = null, bool required = false) =>
        Get(key, required) is { } n ? Reader.Int32(n, Child(key), min, max) : null;

    public double? Number(string key, double? min = null, bool required = false) =>
        Get(key, required) is { } n ? Reader.Number(n, Child(key), min) : null;

    public bool? Bool(string key, bool required = false) =>
        Get(key, required) is { } n ? Reader.Bool(n, Child(key)) : null;

    public MapReader? Map(string key, bool required = false) =>
        Get(key, required) is { } n ? Reader.Map(n, Child(key)) : null;

    public List<T>? List<T>(string key, Func<YNode, string, T?> item, bool required = false, bool nonEmpty = true) =>
        Get(key, required) is { } n ? Reader.List(n, Child(key), item, nonEmpty) : null;

    public Dictionary<string, string>? StringMap(string key, bool required = false, Regex? keyPattern = null, string? keyRule = null) =>
        Get(key, required) is { } n ? Reader.StringMap(n, Child(key), keyPattern, keyRule) : null;

    public Dictionary<string, T>? NamedMap<T>(string key, Func<YNode, string, T?> value, Regex? keyPattern = null, string? keyRule = null, bool required = false) =>
        Get(key, required) is { } n ? Reader.NamedMap(n, Child(key), value, keyPattern, keyRule) : null;

    /// <summary>Reports every key that no reader asked for, suggesting the nearest known key.</summary>
    public void RejectUnknown()
    {
        foreach (var (key, _) in Node.Entries)
        {
            if (_known.Contains(key.Text))
            {
                continue;
            }
            var nearest = Nearest(key.Text);
            var hint = nearest is null ? $"known keys: {string.Join(", ", _known.Order(StringComparer.Ordinal))}." : $"did you mean '{nearest}'?";
            Reader.Error(key, Child(key.Text), $"unknown key '{SpecReader.Shorten(key.Text)}'; {hint}");
        }
    }

    private string? Nearest(string key)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var known in _known)
        {
            var d = Distance(key.ToLowerInvariant(), known.ToLowerInvariant());
            if (d < bestDistance)
            {
                (best, bestDistance) = (known, d);
            }
        }
        return bestDistance <= Math.Max(2, key.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }
        var row = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
