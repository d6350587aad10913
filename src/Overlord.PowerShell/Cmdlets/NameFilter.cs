using System.Management.Automation;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Filters names by <c>-Name</c> patterns, as Get-Process does: a literal name that matches nothing is an error.</summary>
internal static class NameFilter
{
    public static IEnumerable<string> Select(IReadOnlyList<string> names, string[]? patterns, Cmdlet cmdlet, string what, string errorId)
    {
        if (patterns is null || patterns.Length == 0)
        {
            return names;
        }
        var selected = new List<string>();
        foreach (var pattern in patterns)
        {
            var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
            var matches = names.Where(wildcard.IsMatch).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
            {
                cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException($"{what} '{pattern}' was not found."),
                    errorId, ErrorCategory.ObjectNotFound, pattern));
            }
            selected.AddRange(matches.Where(m => !selected.Contains(m, StringComparer.Ordinal)));
        }
        return selected;
    }
}
