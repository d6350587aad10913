using Overlord.Emulators.Cli;

namespace Overlord.Emulators.HostTools;

/// <summary><c>sysctl [-n] OID…</c> for the three OIDs the node reads; <c>racct=0</c> turns RACCT off.</summary>
internal static class SysctlCommand
{
    public static int Run(ToolContext ctx, IReadOnlyList<string> args)
    {
        var valueOnly = false;
        var code = 0;
        foreach (var a in args)
        {
            if (a == "-n")
            {
                valueOnly = true;
                continue;
            }
            string? value = a switch
            {
                "kern.racct.enable" => ctx.Faults.Value("racct") ?? "1",
                "net.inet.ip.portrange.first" => "10000",
                "net.inet.ip.portrange.last" => "65535",
                _ => null,
            };
            if (value is null)
            {
                ctx.Err.Write($"sysctl: unknown oid '{a}'\n");
                code = 1;
                continue;
            }
            ctx.Out.Write(valueOnly ? value + "\n" : $"{a}: {value}\n");
        }
        return code;
    }
}
