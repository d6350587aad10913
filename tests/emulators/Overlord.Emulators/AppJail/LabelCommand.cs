using System.Text.RegularExpressions;
using Overlord.Emulators.Cli;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.AppJail;

/// <summary><c>appjail label get|add</c> over <c>conf/labels/&lt;L&gt;/value</c>.</summary>
internal static partial class LabelCommand
{
    [GeneratedRegex(@"^[a-z][a-z0-9]*((\.|-)?[a-z][a-z0-9]*)*$")]
    private static partial Regex LabelRegex();

    public static int Run(ToolContext ctx, JailStore store, List<string> args)
    {
        if (args.Count == 0)
        {
            ctx.Out.Write("usage: appjail label [add|get] ...\n");
            return ExitCodes.Usage;
        }
        var rest = args.Skip(1).ToList();
        return args[0] switch
        {
            "get" => Get(ctx, store, rest),
            "add" => Add(ctx, store, rest),
            _ => throw AjLog.Fail(ctx, ExitCodes.Usage, $"{args[0]}: Invalid subcommand."),
        };
    }

    /// <summary><c>label get [-eHIpt] -l L [--] J [name|value …]</c>.</summary>
    private static int Get(ToolContext ctx, JailStore store, List<string> args)
    {
        string? label = null;
        var empty = false;
        var header = false;
        while (args.Count > 0 && args[0].StartsWith('-') && args[0] != "--")
        {
            if (args[0] == "-l" && args.Count > 1)
            {
                label = args[1];
                args.RemoveRange(0, 2);
                continue;
            }
            empty |= args[0].Contains('I', StringComparison.Ordinal);
            header |= args[0].Contains('H', StringComparison.Ordinal);
            args.RemoveAt(0);
        }
        AppJailCli.SkipDashDash(args);
        if (label is null || args.Count == 0)
        {
            ctx.Out.Write("usage: appjail label get [-eHIpt] -l label [--] jail [keyword ...]\n");
            return ExitCodes.Usage;
        }
        var jail = args[0];
        if (!LabelRegex().IsMatch(label))
        {
            throw AjLog.Fail(ctx, ExitCodes.DataErr, $"{label}: Invalid label name.");
        }
        store.Require(ctx, jail);
        var file = store.Conf(jail, "labels", label, "value");
        if (!File.Exists(file))
        {
            throw AjLog.Fail(ctx, ExitCodes.NoInput, $"Label '{label}' does not exist.");
        }
        var keywords = args.Count > 1 ? args.Skip(1).Distinct().ToList() : ["name", "value"];
        var values = keywords.ConvertAll(k => k switch
        {
            "name" => label,
            "value" => ValueFiles.FirstLine(file) ?? "",
            _ => "",
        });
        values = values.ConvertAll(v => v.Length > 0 ? v : empty ? (keywords.Count == 1 ? "" : " ") : "-");
        if (header)
        {
            ctx.Out.Write(" " + string.Join(' ', keywords.Select(k => k.ToUpperInvariant())) + "\n");
        }
        ctx.Out.Write(string.Join(' ', values).TrimEnd(' ') + "\n");
        return 0;
    }

    /// <summary><c>label add J L V</c>: writes the value without newline; an existing label → 73.</summary>
    private static int Add(ToolContext ctx, JailStore store, List<string> args)
    {
        AppJailCli.SkipDashDash(args);
        if (args.Count < 2)
        {
            ctx.Out.Write("usage: appjail label add jail label [value]\n");
            return ExitCodes.Usage;
        }
        var (jail, label) = (args[0], args[1]);
        if (!LabelRegex().IsMatch(label))
        {
            throw AjLog.Fail(ctx, ExitCodes.DataErr, $"{label}: Invalid label name.");
        }
        using var _ = HostLock.Acquire(ctx.Host.HostLockFile);
        store.Require(ctx, jail);
        if (File.Exists(store.Conf(jail, "labels", label, "value")))
        {
            throw AjLog.Fail(ctx, ExitCodes.CantCreat, $"Label '{label}' already exists.");
        }
        ConfWriters.Label(store, jail, label, args.Count > 2 ? args[2] : "");
        return 0;
    }
}
