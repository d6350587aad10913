using Overlord.Emulators.Cli;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.AppJail;

/// <summary>
/// vm-bhyve inside a jail (<c>appjail cmd jexec J vm …</c>): only exit code and merged text matter to the node.
/// Guests live at <c>&lt;jail root&gt;/vm/&lt;name&gt;/</c> as vm-bhyve keeps them. Scripted results come from fault
/// rules (<c>exit=N</c>, <c>output=TEXT</c>) matched on the appjail argv.
/// </summary>
internal static class VmCommand
{
    public static int Run(ToolContext ctx, JailStore store, string jail, List<string> args)
    {
        if (args.Count == 0)
        {
            ctx.Out.Write("Usage: vm ...\n");
            return 1;
        }
        var vmRoot = Path.Combine(store.RootFs(jail), "vm");
        var name = args.Count > 1 ? args[^1] : "";
        switch (args[0])
        {
            case "create":
            {
                string? template = null;
                for (var i = 1; i < args.Count - 1; i++)
                {
                    if (args[i] == "-t")
                    {
                        template = args[i + 1];
                    }
                }
                var dir = Path.Combine(vmRoot, name);
                if (Directory.Exists(dir))
                {
                    ctx.Out.Write($"/vm/{name} already exists\n");
                    return 1;
                }
                var conf = template is null ? null : ValueFiles.Read(Path.Combine(vmRoot, ".templates", template + ".conf"));
                ValueFiles.Write(Path.Combine(dir, name + ".conf"), conf ?? "loader=\"bhyveload\"\ncpu=1\nmemory=256M\n");
                return 0;
            }
            case "install":
            {
                var guest = args.Count > 2 ? args[^2] : name;
                return Boot(ctx, vmRoot, guest);
            }
            case "start":
                return Boot(ctx, vmRoot, name);
            case "poweroff":
                if (!Directory.Exists(Path.Combine(vmRoot, name)))
                {
                    ctx.Out.Write($"/vm/{name} doesn't appear to be a valid virtual machine\n");
                    return 1;
                }
                return 0;
            default:
                ctx.Out.Write($"vm: unknown command '{args[0]}'\n");
                return 1;
        }
    }

    private static int Boot(ToolContext ctx, string vmRoot, string guest)
    {
        if (!Directory.Exists(Path.Combine(vmRoot, guest)))
        {
            ctx.Out.Write($"/vm/{guest} doesn't appear to be a valid virtual machine\n");
            return 1;
        }
        ctx.Out.Write($"Starting {guest}\n  * found guest in /vm/{guest}\n  * booting...\n");
        return 0;
    }
}
