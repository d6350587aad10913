namespace Overlord.Core.Yaml;

/// <summary>A position in a source file, 1-based.</summary>
public readonly record struct SourceMark(int Line, int Column)
{
    /// <summary>The mark used when no node is at hand (for example, a missing root).</summary>
    public static SourceMark Start { get; } = new(1, 1);

    /// <inheritdoc />
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>The type a scalar resolves to under YAML 1.1 rules as PyYAML's SafeLoader applies them.</summary>
public enum ScalarKind
{
    /// <summary>null, ~, or empty.</summary>
    Null,
    /// <summary>true/false/yes/no/on/off in their PyYAML spellings.</summary>
    Bool,
    /// <summary>An integer.</summary>
    Int,
    /// <summary>A floating point number.</summary>
    Float,
    /// <summary>A date or date-time (PyYAML turns these into date objects, never strings).</summary>
    Timestamp,
    /// <summary>Anything else, and every quoted scalar.</summary>
    String,
}

/// <summary>A node of a parsed YAML document, with the position it started at.</summary>
internal abstract class YNode
{
    protected YNode(SourceMark mark) => Mark = mark;

    public SourceMark Mark { get; }

    /// <summary>Number of nodes under this one, counting aliases as often as they are used.</summary>
    public abstract long Weight { get; }

    /// <summary>What a user would call this node's type in an error message.</summary>
    public abstract string TypeName { get; }
}

internal sealed class YScalar : YNode
{
    public YScalar(SourceMark mark, string text, ScalarKind kind, object? value) : base(mark)
    {
        Text = text;
        Kind = kind;
        Value = value;
    }

    /// <summary>The scalar's text after environment expansion.</summary>
    public string Text { get; }

    public ScalarKind Kind { get; }

    /// <summary>null, bool, long, System.Numerics.BigInteger, double or string, matching <see cref="Kind"/>.</summary>
    public object? Value { get; }

    public override long Weight => 1;

    public override string TypeName => Kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.Bool => "boolean",
        ScalarKind.Int => "integer",
        ScalarKind.Float => "number",
        ScalarKind.Timestamp => "date",
        _ => "string",
    };
}

internal sealed class YSequence : YNode
{
    private long _weight = 1;

    public YSequence(SourceMark mark) : base(mark) { }

    public List<YNode> Items { get; } = [];

    public override long Weight => _weight;

    public override string TypeName => "list";

    public void Add(YNode item)
    {
        Items.Add(item);
        _weight += item.Weight;
    }
}

internal sealed class YMapping : YNode
{
    private long _weight = 1;

    public YMapping(SourceMark mark) : base(mark) { }

    /// <summary>Entries in document order; keys are unique (duplicates are reported while loading).</summary>
    public List<KeyValuePair<YScalar, YNode>> Entries { get; } = [];

    public override long Weight => _weight;

    public override string TypeName => "map";

    public YNode? Find(string key)
    {
        foreach (var (k, v) in Entries)
        {
            if (k.Text == key)
            {
                return v;
            }
        }
        return null;
    }

    public bool Contains(string key) => Find(key) is not null;

    public void Add(YScalar key, YNode value)
    {
        Entries.Add(new(key, value));
        _weight += 1 + value.Weight;
    }
}
