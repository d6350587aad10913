using System.Text.RegularExpressions;

namespace Overlord.Core.Yaml;

/// <summary>
/// Upstream loads specs and configs through pyaml_env: <c>${NAME}</c> and <c>${NAME:default}</c> are replaced from
/// the environment in scalars tagged <c>!ENV</c> and in plain scalars; an unset variable without a default becomes
/// the empty string. The result is always a string.
/// </summary>
internal static partial class EnvironmentExpander
{
    [GeneratedRegex(@"\$\{([^}{:]+)(?::([^}{]*))?\}")]
    private static partial Regex Reference();

    public static bool HasReference(string text) => text.Contains("${", StringComparison.Ordinal) && Reference().IsMatch(text);

    public static string Expand(string text, Func<string, string?> lookup) =>
        Reference().Replace(text, m => lookup(m.Groups[1].Value) ?? (m.Groups[2].Success ? m.Groups[2].Value : ""));
}
