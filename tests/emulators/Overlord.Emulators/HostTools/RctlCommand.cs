using System.Globalization;
using System.Text;
using System.Text.Json;
using Overlord.Emulators.AppJail;
using Overlord.Emulators.Cli;

namespace Overlord.Emulators.HostTools;

/// <summary>
/// <c>rctl -u jail:J</c>: the 25 resources in FreeBSD's order, integers. Values come from
/// <c>.emu/jails/J/usage.json</c> (set by tests), else deterministic defaults derived from the jail name. A jail
/// that is not running gets rctl's "No such process" error (exit 1): the contract leaves zeros-or-error open and the
/// kernel has no racct entry for a jail that is not there.
/// </summary>
internal static class RctlCommand
{
    public static readonly string[] Resources =
    [
        "cputime", "datasize", "stacksize", "coredumpsize", "memoryuse", "memorylocked", "maxproc", "openfiles",
        "vmemoryuse", "pseudoterminals", "swapuse", "nthr", "msgqqueued", "msgqsize", "nmsgq", "nsem", "nsemop",
        "nshm", "shmsize", "wallclock", "pcpu", "readbps", "writebps", "readiops", "writeiops",
    ];

    public static int Run(ToolContext ctx, IReadOnlyList<string> args)
    {
        if (ctx.Faults.Has("rctl-off") || ctx.Faults.Value("racct") == "0")
        {
            ctx.Err.Write("rctl: RACCT/RCTL present, but disabled; enable using kern.racct.enable=1 tunable\n");
            return 1;
        }
        if (args.Count != 2 || args[0] != "-u" || !args[1].StartsWith("jail:", StringComparison.Ordinal))
        {
            ctx.Err.Write("usage: rctl [ -h ] [-a rule | -l filter | -r filter | -u filter | -n]\n");
            return ExitCodes.Usage;
        }
        var jail = args[1][5..];
        var store = new JailStore(ctx.Host);
        if (!JailStore.IsValidName(jail) || !store.IsRunning(jail))
        {
            ctx.Err.Write($"rctl: failed to show resource consumption for '{args[1]}': No such process\n");
            return 1;
        }
        var usage = Defaults(jail);
        if (store.PrivateFile(jail, "usage.json") is { } json)
        {
            foreach (var (k, v) in JsonSerializer.Deserialize(json, EmuJsonContext.Default.DictionaryStringInt64) ?? [])
            {
                usage[k] = v;
            }
        }
        var sb = new StringBuilder();
        foreach (var r in Resources)
        {
            sb.Append(r).Append('=').Append(usage.GetValueOrDefault(r).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        ctx.Out.Write(sb.ToString());
        return 0;
    }

    /// <summary>Plausible, stable numbers: a small FNV hash of the name spreads jails apart.</summary>
    private static Dictionary<string, long> Defaults(string jail)
    {
        uint h = 2166136261;
        foreach (var c in jail)
        {
            h = (h ^ c) * 16777619;
        }
        var n = (long)(h % 1000);
        return new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["cputime"] = 10 + n % 50, ["datasize"] = 4096000 + n * 4096, ["memoryuse"] = 52465664 + n * 65536,
            ["maxproc"] = 5 + n % 10, ["openfiles"] = 1000 + n, ["vmemoryuse"] = 1156644864 + n * 65536,
            ["nthr"] = 6 + n % 10, ["wallclock"] = 3600 + n,
        };
    }
}
