using System.Globalization;
using System.Text.RegularExpressions;
using Overlord.Core.Yaml;

namespace Overlord.Core.Validation;

/// <summary>
/// Reads typed values out of a <see cref="YNode"/> tree and records a <see cref="SpecError"/> for every value that
/// is not what the schema wants, so that one pass both binds the model and finds every problem. Readers return
/// null on failure and callers substitute a default; the errors decide whether the result is usable.
/// </summary>
internal sealed class SpecReader
{
    public SpecReader(Diagnostics diag) => Diag = diag;

    public Diagnostics Diag { get; }

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    public static string Index(string path, int i) => $"{path}[{i}]";

    public void Error(YNode node, string path, string message) => Diag.Add(node, path, message);

    public string? String(YNode node, string path)
    {
        if (node is YScalar { Kind: ScalarKind.String } s)
        {
            return s.Text;
        }
        TypeError(node, path, "a string");
        return null;
    }

    public string? String(YNode node, string path, Regex pattern, string rule)
    {
        var value = String(node, path);
        if (value is not null && !pattern.IsMatch(value))
        {
            Error(node, path, $"'{Shorten(value)}' is not valid: {rule}");
            return null;
        }
        return value;
    }

    public string? OneOf(YNode node, string path, IReadOnlyList<string> allowed)
    {
        var value = String(node, path);
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            Error(node, path, $"'{Shorten(value)}' is not one of: {string.Join(", ", allowed)}.");
            return null;
        }
        return value;
    }

    public long? Int(YNode node, string path, long? min = null, long? max = null)
    {
        if (node is not YScalar { Kind: ScalarKind.Int } s)
        {
            TypeError(node, path, "an integer");
            return null;
        }
        if (s.Value is not long value)
        {
            Error(node, path, $"{s.Text} is too large for a 64-bit integer.");
            return null;
        }
        if (min is not null && value < min || max is not null && value > max)
        {
            Error(node, path, RangeText(value, min, max));
            return null;
        }
        return value;
    }

    public int? Int32(YNode node, string path, int? min = null, int? max = null) =>
        (int?)Int(node, path, min ?? int.MinValue, max ?? int.MaxValue);

    public double? Number(YNode node, string path, double? min = null)
    {
        double? value = node switch
        {
            YScalar { Kind: ScalarKind.Int, Value: long l } => l,
            YScalar { Kind: ScalarKind.Float, Value: double d } => d,
            _ => null,
        };
        if (value is null)
        {
            TypeError(node, path, "a number");
            return null;
        }
        if (min is not null && value < min)
        {
            Error(node, path, $"must be {min.Value.ToString(CultureInfo.InvariantCulture)} or more, got {value.Value.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }
        return value;
    }

    public bool? Bool(YNode node, string path)
    {
        if (node is YScalar { Kind: ScalarKind.Bool, Value: bool b })
        {
            return b;
        }
        TypeError(node, path, "a boolean (true or false)");
        return null;
    }

    public MapReader? Map(YNode node, string path)
    {
        if (node is YMapping m)
        {
            return new MapReader(this, m, path);
        }
        TypeError(node, path, "a map");
        return null;
    }

    /// <summary>Reads a list, calling <paramref name="item"/> for each element; failed items are left out.</summary>
    public List<T>? List<T>(YNode node, string path, Func<YNode, string, T?> item, bool nonEmpty = true)
    {
        if (node is not YSequence seq)
        {
            TypeError(node, path, "a list");
            return null;
        }
        if (nonEmpty && seq.Items.Count == 0)
        {
            Error(node, path, "must not be an empty list; leave the key out instead.");
            return null;
        }
        var result = new List<T>(seq.Items.Count);
        for (var i = 0; i < seq.Items.Count; i++)
        {
            if (item(seq.Items[i], Index(path, i)) is { } value)
            {
                result.Add(value);
            }
        }
        return result;
    }

    /// <summary>A map from string keys to string values, such as an environment block.</summary>
    public Dictionary<string, string>? StringMap(YNode node, string path, Regex? keyPattern = null, string? keyRule = null)
    {
        if (node is not YMapping map)
        {
            TypeError(node, path, "a map of strings");
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries)
        {
            var keyPath = Join(path, key.Text);
            if (Key(key, path, keyPattern, keyRule) is not { } k)
            {
                continue;
            }
            if (String(value, keyPath) is { } v)
            {
                result[k] = v;
            }
        }
        return result;
    }

    /// <summary>A map whose keys name things (datacenters, chains, labels) and whose values are read by <paramref name="value"/>.</summary>
    public Dictionary<string, T>? NamedMap<T>(YNode node, string path, Func<YNode, string, T?> value, Regex? keyPattern = null, string? keyRule = null)
    {
        if (node is not YMapping map)
        {
            TypeError(node, path, "a map");
            return null;
        }
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (key, v) in map.Entries)
        {
            if (Key(key, path, keyPattern, keyRule) is not { } k)
            {
                continue;
            }
            if (value(v, Join(path, k)) is { } read)
            {
                result[k] = read;
            }
        }
        return result;
    }

    /// <summary>A key must be a string (upstream compares keys with str checks) and may have to match a rule.</summary>
    public string? Key(YScalar key, string path, Regex? pattern = null, string? rule = null)
    {
        var keyPath = Join(path, key.Text);
        if (key.Kind != ScalarKind.String)
        {
            Error(key, keyPath, $"the key must be a string, got {Describe(key)}; quote it: '{key.Text}'.");
            return null;
        }
        if (pattern is not null && !pattern.IsMatch(key.Text))
        {
            Error(key, keyPath, $"'{Shorten(key.Text)}' is not a valid name: {rule}");
            return null;
        }
        return key.Text;
    }

    public void TypeError(YNode node, string path, string expected)
    {
        var hint = node is YScalar { Kind: ScalarKind.Int or ScalarKind.Float or ScalarKind.Bool or ScalarKind.Timestamp } s && expected.StartsWith("a string", StringComparison.Ordinal)
            ? $"; quote it if you mean the text: '{s.Text}'"
            : "";
        Error(node, path, $"expected {expected}, got {Describe(node)}{hint}.");
    }

    public static string Describe(YNode node) => node switch
    {
        YScalar { Kind: ScalarKind.Null } => "nothing (null)",
        YScalar { Kind: ScalarKind.String } s => $"a string ('{Shorten(s.Text)}')",
        YScalar s => $"{Article(s.TypeName)} {s.TypeName} ({Shorten(s.Text)})",
        _ => $"{Article(node.TypeName)} {node.TypeName}",
    };

    private static string Article(string noun) => noun.Length > 0 && "aeiou".Contains(noun[0], StringComparison.Ordinal) ? "an" : "a";

    public static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static string RangeText(long value, long? min, long? max) => (min, max) switch
    {
        ({ } lo, { } hi) => $"must be between {lo} and {hi}, got {value}.",
        ({ } lo, null) => $"must be {lo} or more, got {value}.",
        (null, { } hi) => $"must be {hi} or less, got {value}.",
        _ => "",
    };
}
