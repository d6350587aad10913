using System.Globalization;
using System.Text.RegularExpressions;

namespace Overlord.Core.Yaml;

/// <summary>
/// Resolves plain scalars the way PyYAML's SafeLoader (YAML 1.1) does, because upstream specs and configs are
/// read by it: <c>yes</c> is a boolean, <c>0755</c> is octal, <c>1e5</c> is a string, <c>2024-01-01</c> is a date.
/// </summary>
internal static partial class ScalarResolver
{
    [GeneratedRegex(@"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex BoolPattern();

    [GeneratedRegex(@"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^(?:~|null|Null|NULL|)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex(@"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$")]
    private static partial Regex TimestampPattern();

    /// <summary>Resolves a plain (unquoted, untagged) scalar.</summary>
    public static (ScalarKind Kind, object? Value) ResolvePlain(string text)
    {
        if (NullPattern().IsMatch(text))
        {
            return (ScalarKind.Null, null);
        }
        if (BoolPattern().IsMatch(text))
        {
            return (ScalarKind.Bool, text[0] is 'y' or 'Y' or 't' or 'T' || text is "on" or "On" or "ON");
        }
        if (IntPattern().IsMatch(text))
        {
            return (ScalarKind.Int, ParseInt(text));
        }
        if (FloatPattern().IsMatch(text))
        {
            return (ScalarKind.Float, ParseFloat(text));
        }
        if (TimestampPattern().IsMatch(text))
        {
            return (ScalarKind.Timestamp, text);
        }
        return (ScalarKind.String, text);
    }

    public static bool IsInt(string text) => IntPattern().IsMatch(text);

    public static bool IsFloat(string text) => FloatPattern().IsMatch(text) || IntPattern().IsMatch(text);

    public static bool IsBool(string text) => BoolPattern().IsMatch(text);

    public static bool IsNull(string text) => NullPattern().IsMatch(text);

    /// <summary>The value of an integer literal, or null when it does not fit in 64 bits.</summary>
    public static long? ParseInt(string text)
    {
        var s = text.Replace("_", "", StringComparison.Ordinal);
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        try
        {
            long magnitude;
            if (s.StartsWith("0b", StringComparison.Ordinal))
            {
                magnitude = Convert.ToInt64(s[2..], 2);
            }
            else if (s.StartsWith("0x", StringComparison.Ordinal))
            {
                magnitude = long.Parse(s[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            }
            else if (s.Contains(':', StringComparison.Ordinal))
            {
                // Base 60, e.g. 1:30 == 90.
                magnitude = 0;
                foreach (var part in s.Split(':'))
                {
                    magnitude = checked(magnitude * 60 + long.Parse(part, CultureInfo.InvariantCulture));
                }
            }
            else if (s.Length > 1 && s[0] == '0')
            {
                magnitude = Convert.ToInt64(s[1..], 8);
            }
            else
            {
                magnitude = long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
            }
            if (magnitude < 0)
            {
                return null; // hex/binary overflowed into the sign bit
            }
            return negative ? -magnitude : magnitude;
        }
        catch (Exception e) when (e is OverflowException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    public static double ParseFloat(string text)
    {
        var s = text.Replace("_", "", StringComparison.Ordinal);
        var lower = s.ToLowerInvariant();
        if (lower.EndsWith(".inf", StringComparison.Ordinal))
        {
            return lower.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
        }
        if (lower == ".nan")
        {
            return double.NaN;
        }
        if (s.Contains(':', StringComparison.Ordinal))
        {
            var sign = s.StartsWith('-') ? -1.0 : 1.0;
            double value = 0;
            foreach (var part in s.TrimStart('+', '-').Split(':'))
            {
                value = value * 60 + double.Parse(part, CultureInfo.InvariantCulture);
            }
            return sign * value;
        }
        return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
