using System.Text.RegularExpressions;

namespace Overlord.Core;

/// <summary>The name rules upstream enforces, one place for all of them.</summary>
public static partial class Names
{
    /// <summary>A chain name, each hop of a chain path, a datacenter reference.</summary>
    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9_-]*$")]
    public static partial Regex Chain();

    /// <summary>Rule text for <see cref="Chain"/>.</summary>
    public const string ChainRule = "use letters, digits, '_' and '-', not starting with '-'.";

    /// <summary>A label (server labels, deployIn labels/exclude, autoScale labels, labelsEnvironment keys).</summary>
    [GeneratedRegex(@"^[a-z][a-z0-9]*(?:[.-]?[a-z][a-z0-9]*)*$")]
    public static partial Regex Label();

    /// <summary>Rule text for <see cref="Label"/>.</summary>
    public const string LabelRule = "labels are lower-case letters and digits, starting with a letter, with single '.' or '-' between words.";

    /// <summary>A metadata key or namespace name (upstream uses a full match).</summary>
    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9]*(?:[._-]?[a-zA-Z][a-zA-Z0-9]*)*$")]
    public static partial Regex Metadata();

    /// <summary>Rule text for <see cref="Metadata"/>.</summary>
    public const string MetadataRule = "metadata names are letters and digits, starting with a letter, with single '.', '-' or '_' between words.";

    /// <summary>A Director project name.</summary>
    [GeneratedRegex(@"^[a-zA-Z0-9._-]+$")]
    public static partial Regex Project();

    /// <summary>Rule text for <see cref="Project"/>.</summary>
    public const string ProjectRule = "project names are letters, digits, '.', '_' and '-'.";

    /// <summary>A jail name.</summary>
    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9_-]*$")]
    public static partial Regex Jail();

    /// <summary>A VM name. Anchored at both ends: upstream's client matches a prefix only, a bug we do not keep.</summary>
    [GeneratedRegex(@"^[a-zA-Z0-9][.a-zA-Z0-9_-]{0,229}[a-zA-Z0-9]$")]
    public static partial Regex Vm();

    /// <summary>Rule text for <see cref="Vm"/>.</summary>
    public const string VmRule = "VM names are 2 to 231 letters, digits, '.', '_' and '-', starting and ending with a letter or digit.";
}
