using System.Text;
using Overlord.Core.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Overlord.Core.Yaml;

/// <summary>
/// Turns bytes into a <see cref="YNode"/> tree, keeping every node's position. Never throws for bad input: size,
/// encoding, syntax, duplicate keys, alias bombs and nesting depth all become <see cref="SpecError"/>s.
/// </summary>
internal sealed class YamlDocumentLoader
{
    /// <summary>Largest file accepted. Specs and configs are hand-written; anything larger is a mistake.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>Most nodes a document may expand to, counting each alias use (stops "billion laughs").</summary>
    public const long MaxWeight = 1_000_000;

    /// <summary>Deepest nesting accepted.</summary>
    public const int MaxDepth = 128;

    private const string TagPrefix = "tag:yaml.org,2002:";

    private readonly Diagnostics _diag;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<string, YNode> _anchors = new(StringComparer.Ordinal);
    private IParser _parser = null!;
    private SourceMark _last = SourceMark.Start;

    private readonly bool _allowEmpty;
    private readonly bool _expand;

    private YamlDocumentLoader(Diagnostics diag, Func<string, string?> environment, bool allowEmpty, bool expand = true)
    {
        _diag = diag;
        _environment = environment;
        _allowEmpty = allowEmpty;
        _expand = expand;
    }

    /// <summary>Loads the single document in <paramref name="bytes"/>; null (with errors) when there is none usable.</summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="diag">Where problems go.</param>
    /// <param name="environment">Resolves <c>${NAME}</c> references.</param>
    /// <param name="allowEmpty">An empty document is a null scalar instead of an error (node configs may be empty).</param>
    public static YNode? Load(ReadOnlySpan<byte> bytes, Diagnostics diag, Func<string, string?>? environment = null, bool allowEmpty = false)
    {
        if (bytes.Length > MaxBytes)
        {
            diag.Add(SourceMark.Start, "", $"the file is {bytes.Length:N0} bytes; the limit is {MaxBytes:N0} bytes.");
            return null;
        }
        var text = Decode(bytes, diag);
        if (text is null)
        {
            return null;
        }
        return new YamlDocumentLoader(diag, environment ?? Environment.GetEnvironmentVariable, allowEmpty).LoadText(text);
    }

    /// <summary>Loads the single document in <paramref name="text"/>.</summary>
    public static YNode? Load(string text, Diagnostics diag, Func<string, string?>? environment = null, bool allowEmpty = false)
    {
        if (text.Length > MaxBytes)
        {
            diag.Add(SourceMark.Start, "", $"the text is {text.Length:N0} characters; the limit is {MaxBytes:N0}.");
            return null;
        }
        if (!CheckCharacters(text, diag))
        {
            return null;
        }
        return new YamlDocumentLoader(diag, environment ?? Environment.GetEnvironmentVariable, allowEmpty).LoadText(text);
    }

    /// <summary>
    /// Loads <paramref name="text"/> as plain YAML without <c>${NAME}</c> expansion: upstream reads documents kept in
    /// metadata (environFromMetadata) with PyYAML's SafeLoader, not with the spec loader, so references stay literal.
    /// </summary>
    public static YNode? LoadLiteral(string text, Diagnostics diag)
    {
        if (text.Length > MaxBytes)
        {
            diag.Add(SourceMark.Start, "", $"the text is {text.Length:N0} characters; the limit is {MaxBytes:N0}.");
            return null;
        }
        if (!CheckCharacters(text, diag))
        {
            return null;
        }
        return new YamlDocumentLoader(diag, _ => null, allowEmpty: true, expand: false).LoadText(text);
    }

    private static string? Decode(ReadOnlySpan<byte> bytes, Diagnostics diag)
    {
        string text;
        if (bytes.Length >= 2 && (bytes[0] == 0xFF && bytes[1] == 0xFE || bytes[0] == 0xFE && bytes[1] == 0xFF))
        {
            var encoding = bytes[0] == 0xFF
                ? new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true)
                : new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true);
            try
            {
                text = encoding.GetString(bytes[2..]);
            }
            catch (DecoderFallbackException)
            {
                diag.Add(SourceMark.Start, "", "the file starts with a UTF-16 byte order mark but is not valid UTF-16 text.");
                return null;
            }
        }
        else
        {
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                bytes = bytes[3..];
            }
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
            if (status != System.Buffers.OperationStatus.Done)
            {
                var mark = MarkOfOffset(Encoding.UTF8.GetString(bytes[..read]));
                var shown = read < bytes.Length ? $"0x{bytes[read]:X2}" : "a truncated sequence";
                diag.Add(mark, "", $"the file is not UTF-8 text: invalid byte {shown} here (is it a binary file?).");
                return null;
            }
            text = Encoding.UTF8.GetString(bytes);
        }
        return CheckCharacters(text, diag) ? text : null;
    }

    /// <summary>YAML allows tab, LF, CR and printable characters only; a NUL usually means a binary file.</summary>
    private static bool CheckCharacters(string text, Diagnostics diag)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x20 && c is not ('\t' or '\n' or '\r') || c is '\x7F' || c is '\uFFFE' or '\uFFFF')
            {
                diag.Add(MarkOfOffset(text[..i]), "", $"the file contains the control character U+{(int)c:X4}, which YAML does not allow (is it a binary file?).");
                return false;
            }
        }
        return true;
    }

    private static SourceMark MarkOfOffset(string before)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < before.Length; i++)
        {
            if (before[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourceMark(line, before.Length - lineStart + 1);
    }

    private static SourceMark MarkOf(ParsingEvent e) => new((int)e.Start.Line, (int)e.Start.Column);

    private static SourceMark MarkOf(Mark m) => new((int)Math.Max(1, m.Line), (int)Math.Max(1, m.Column));

    private YNode? LoadText(string text)
    {
        _parser = new Parser(new StringReader(text));
        try
        {
            _parser.Consume<StreamStart>();
            if (_parser.Accept<StreamEnd>(out _))
            {
                return Empty("the file is empty: it holds no YAML document.");
            }
            _parser.Consume<DocumentStart>();
            var root = ReadNode(depth: 0);
            _parser.Consume<DocumentEnd>();
            if (_parser.Accept<DocumentStart>(out var second))
            {
                _diag.Add(MarkOf(second), "", "the file holds more than one YAML document; only one is allowed.");
                return null;
            }
            if (root is YScalar { Kind: ScalarKind.Null } && IsBlank(text))
            {
                return Empty("the file is empty: it holds only comments or blank lines.");
            }
            return root;
        }
        catch (YamlException e)
        {
            var message = CleanMessage(e);
            var mark = message.Contains("tab", StringComparison.OrdinalIgnoreCase) ? FirstTabIndent(text) ?? MarkOf(e.Start) : MarkOf(e.Start);
            _diag.Add(mark, "", "YAML syntax error: " + message);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet's scanner throws these on some malformed input (e.g. an unclosed flow list).
            _diag.Add(_last, "", "YAML syntax error: the document cannot be parsed after this point (is a bracket, brace or quote left open?).");
            return null;
        }
        catch (TooDeepException e)
        {
            _diag.Add(e.Mark, "", $"the document nests deeper than {MaxDepth} levels.");
            return null;
        }
        catch (TooHeavyException e)
        {
            _diag.Add(e.Mark, "", $"the document expands to more than {MaxWeight:N0} nodes (aliases are counted each time they are used).");
            return null;
        }
    }

    private YScalar? Empty(string message)
    {
        if (_allowEmpty)
        {
            return new YScalar(SourceMark.Start, "", ScalarKind.Null, null);
        }
        _diag.Add(SourceMark.Start, "", message);
        return null;
    }

    /// <summary>YamlDotNet reports a tab used as indentation at the start of the mapping; point at the tab instead.</summary>
    private static SourceMark? FirstTabIndent(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return new SourceMark(i + 1, tab + 1);
            }
        }
        return null;
    }

    private static bool IsBlank(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length > 0 && line[0] != '#' && line != "---" && line != "...")
            {
                return false;
            }
        }
        return true;
    }

    private static string CleanMessage(YamlException e)
    {
        // YamlDotNet prefixes "(Line: 1, Col: 2, Idx: 1) - (Line: ...): "; we print the position ourselves.
        var message = e.InnerException is YamlException inner && inner.Message.Length > 0 ? inner.Message : e.Message;
        var dash = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith('(') && dash > 0)
        {
            message = message[(dash + 3)..];
        }
        message = message.Trim();
        return message.EndsWith('.') ? message : message + ".";
    }

    private YNode ReadNode(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new TooDeepException(MarkOf(_parser.Current!));
        }
        var e = _parser.Current!;
        _last = MarkOf(e);
        switch (e)
        {
            case AnchorAlias alias:
                _parser.MoveNext();
                if (_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    return target;
                }
                _diag.Add(MarkOf(alias), "", $"the alias '*{alias.Value.Value}' refers to no anchor defined before it.");
                return new YScalar(MarkOf(alias), "", ScalarKind.Null, null);
            case Scalar scalar:
                _parser.MoveNext();
                return Remember(scalar.Anchor, ReadScalar(scalar));
            case SequenceStart start:
            {
                _parser.MoveNext();
                var seq = new YSequence(MarkOf(start));
                CheckTag(start.Tag, start, "seq");
                while (!_parser.TryConsume<SequenceEnd>(out _))
                {
                    seq.Add(ReadNode(depth + 1));
                    CheckWeight(seq);
                }
                return Remember(start.Anchor, seq);
            }
            case MappingStart start:
            {
                _parser.MoveNext();
                var map = new YMapping(MarkOf(start));
                CheckTag(start.Tag, start, "map");
                // Anchors inside may refer to this mapping only after it ends (YAML forbids recursion anyway).
                ReadMappingEntries(map, depth);
                return Remember(start.Anchor, map);
            }
            default:
                throw new YamlException(e.Start, e.End, $"unexpected {e.GetType().Name}");
        }
    }

    private void ReadMappingEntries(YMapping map, int depth)
    {
        var merges = new List<YMapping>();
        var seen = new Dictionary<string, SourceMark>(StringComparer.Ordinal);
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = _parser.Current!;
            var keyNode = ReadNode(depth + 1);
            var value = ReadNode(depth + 1);
            if (keyNode is not YScalar key)
            {
                _diag.Add(keyNode, "", $"a {keyNode.TypeName} cannot be used as a key; keys must be plain values.");
                continue;
            }
            if (keyEvent is Scalar { Style: ScalarStyle.Plain, Value: "<<" } && key.Kind == ScalarKind.String)
            {
                CollectMerge(value, merges);
                continue;
            }
            if (seen.TryGetValue(key.Text, out var first))
            {
                _diag.Add(key, "", $"duplicate key '{key.Text}' (first defined at line {first.Line}, column {first.Column}).");
                continue;
            }
            seen[key.Text] = key.Mark;
            map.Add(key, value);
            CheckWeight(map);
        }
        // YAML merge keys (<<), as PyYAML's SafeLoader applies them: explicit keys win, then earlier merges.
        foreach (var source in merges)
        {
            foreach (var (k, v) in source.Entries)
            {
                if (seen.TryAdd(k.Text, k.Mark))
                {
                    map.Add(k, v);
                }
            }
            CheckWeight(map);
        }
    }

    private void CollectMerge(YNode value, List<YMapping> merges)
    {
        switch (value)
        {
            case YMapping m:
                merges.Add(m);
                break;
            case YSequence s:
                foreach (var item in s.Items)
                {
                    if (item is YMapping im)
                    {
                        merges.Add(im);
                    }
                    else
                    {
                        _diag.Add(item, "", $"a merge key (<<) takes maps, but this is a {item.TypeName}.");
                    }
                }
                break;
            default:
                _diag.Add(value, "", $"a merge key (<<) takes a map or a list of maps, but this is a {value.TypeName}.");
                break;
        }
    }

    private static void CheckWeight(YNode node)
    {
        if (node.Weight > MaxWeight)
        {
            throw new TooHeavyException(node.Mark);
        }
    }

    private YNode Remember(AnchorName anchor, YNode node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }
        return node;
    }

    private void CheckTag(TagName tag, ParsingEvent e, string expected)
    {
        if (!tag.IsEmpty && tag.Value != TagPrefix + expected && tag.Value != "!")
        {
            _diag.Add(MarkOf(e), "", $"the tag '{ShortTag(tag.Value)}' is not supported here.");
        }
    }

    private static string ShortTag(string tag) => tag.StartsWith(TagPrefix, StringComparison.Ordinal) ? "!!" + tag[TagPrefix.Length..] : tag;

    private YScalar ReadScalar(Scalar s)
    {
        var mark = MarkOf(s);
        var text = s.Value;
        if (!s.Tag.IsEmpty)
        {
            switch (s.Tag.Value)
            {
                case "!ENV" when _expand:
                    return Expanded(mark, text);
                case "!ENV":
                    return new YScalar(mark, text, ScalarKind.String, text);
                case "!":
                case TagPrefix + "str":
                    return new YScalar(mark, text, ScalarKind.String, text);
                case TagPrefix + "null":
                    return new YScalar(mark, text, ScalarKind.Null, null);
                case TagPrefix + "bool":
                    if (ScalarResolver.IsBool(text))
                    {
                        return Plain(mark, text);
                    }
                    break;
                case TagPrefix + "int":
                    if (ScalarResolver.IsInt(text))
                    {
                        return new YScalar(mark, text, ScalarKind.Int, ScalarResolver.ParseInt(text));
                    }
                    break;
                case TagPrefix + "float":
                    if (ScalarResolver.IsFloat(text))
                    {
                        return new YScalar(mark, text, ScalarKind.Float, ScalarResolver.ParseFloat(text));
                    }
                    break;
                default:
                    _diag.Add(mark, "", $"the tag '{ShortTag(s.Tag.Value)}' is not supported; only !ENV and the standard YAML tags are.");
                    return new YScalar(mark, text, ScalarKind.String, text);
            }
            _diag.Add(mark, "", $"'{text}' is not a valid {ShortTag(s.Tag.Value)} value.");
            return new YScalar(mark, text, ScalarKind.String, text);
        }
        if (s.Style != ScalarStyle.Plain)
        {
            return new YScalar(mark, text, ScalarKind.String, text);
        }
        if (_expand && EnvironmentExpander.HasReference(text))
        {
            return Expanded(mark, text);
        }
        return Plain(mark, text);
    }

    private YScalar Expanded(SourceMark mark, string text)
    {
        var expanded = EnvironmentExpander.Expand(text, _environment);
        return new YScalar(mark, expanded, ScalarKind.String, expanded);
    }

    private static YScalar Plain(SourceMark mark, string text)
    {
        var (kind, value) = ScalarResolver.ResolvePlain(text);
        return new YScalar(mark, text, kind, value);
    }

    private sealed class TooDeepException(SourceMark mark) : Exception
    {
        public SourceMark Mark { get; } = mark;
    }

    private sealed class TooHeavyException(SourceMark mark) : Exception
    {
        public SourceMark Mark { get; } = mark;
    }
}
