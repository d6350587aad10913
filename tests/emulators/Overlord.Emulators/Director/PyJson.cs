using System.Globalization;
using System.Text;

namespace Overlord.Emulators.Director;

/// <summary>
/// Python's <c>json.dumps(obj, indent=2)</c> byte for byte: <c>", "</c>-free item separator with newlines,
/// <c>": "</c>, <c>\uXXXX</c> for every non-ASCII char (ensure_ascii), empty containers as <c>[]</c>/<c>{}</c>.
/// Values: null, bool, int/long, string, IReadOnlyList&lt;object?&gt;, IReadOnlyList&lt;KeyValuePair&lt;string, object?&gt;&gt; (ordered object).
/// </summary>
internal static class PyJson
{
    public static string Dumps(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? v, int depth)
    {
        switch (v)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case int i: sb.Append(i.ToString(CultureInfo.InvariantCulture)); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case string s: String(sb, s); break;
            case IReadOnlyList<KeyValuePair<string, object?>> obj:
                if (obj.Count == 0)
                {
                    sb.Append("{}");
                    break;
                }
                sb.Append('{');
                for (var k = 0; k < obj.Count; k++)
                {
                    sb.Append(k == 0 ? "\n" : ",\n").Append(' ', (depth + 1) * 2);
                    String(sb, obj[k].Key);
                    sb.Append(": ");
                    Write(sb, obj[k].Value, depth + 1);
                }
                sb.Append('\n').Append(' ', depth * 2).Append('}');
                break;
            case IReadOnlyList<object?> list:
                if (list.Count == 0)
                {
                    sb.Append("[]");
                    break;
                }
                sb.Append('[');
                for (var k = 0; k < list.Count; k++)
                {
                    sb.Append(k == 0 ? "\n" : ",\n").Append(' ', (depth + 1) * 2);
                    Write(sb, list[k], depth + 1);
                }
                sb.Append('\n').Append(' ', depth * 2).Append(']');
                break;
            default: throw new ArgumentException($"unsupported JSON value {v.GetType()}");
        }
    }

    /// <summary>
    /// A JSON string as Python writes it: quotes, backslash and control characters escaped; with
    /// <paramref name="ensureAscii"/> (Python's default) non-ASCII too, else kept as UTF-8.
    /// </summary>
    internal static void String(StringBuilder sb, string s, bool ensureAscii = true)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ensureAscii && c > 0x7f))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>An ordered JSON object.</summary>
    public static List<KeyValuePair<string, object?>> Obj(params (string Key, object? Value)[] items) =>
        items.Select(i => new KeyValuePair<string, object?>(i.Key, i.Value)).ToList();
}
