using Overlord.Core;

namespace Overlord.Service.Jails;

/// <summary>
/// Checks names before they go into an argv. The rules are AppJail's and Director's own, checked first (as upstream
/// does) so a bad name gets a clear error rather than a tool's exit 65/70, and so a name can never be read as an
/// option: nothing that starts with '-' passes.
/// </summary>
internal static class ToolArguments
{
    /// <summary>Returns <paramref name="name"/> when it is a valid jail name; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static string Jail(string name, string parameter = "jail")
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        // The jail rule already refuses a leading '-'.
        if (!Names.Jail().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid jail name: letters, digits, '_' and '-', not starting with '-'.", parameter);
        }
        return name;
    }

    /// <summary>Returns <paramref name="name"/> when it is a valid Director project name; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static string Project(string name, string parameter = "project")
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        // Director's rule allows a leading '-' and the names "." and "..": the first would be read as an option,
        // the others name the projects directory itself or its parent.
        if (!Names.Project().IsMatch(name) || name[0] == '-' || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a valid project name: {Names.ProjectRule[..^1]}, not starting with '-', and not '.' or '..'.", parameter);
        }
        return name;
    }
}
