using System.Diagnostics;
using Overlord.Emulators.Cli;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.AppJail;

/// <summary>
/// <c>appjail cmd jexec|chroot|local|jaildir</c>. Host-side kinds (<c>local</c>, <c>jaildir</c>) really run the
/// command with AppJail's cwd (so <c>realpath .</c> and <c>kill -- PID</c> work). Inside-jail kinds (<c>jexec</c>,
/// <c>chroot</c>) cannot run on Linux: a few commands are emulated (<c>vm …</c>, <c>realpath</c>, <c>echo</c>,
/// <c>true</c>/<c>false</c>, <c>sh -c 'exit N'</c>) and anything else succeeds silently.
/// </summary>
internal static class CmdCommand
{
    public static int Run(ToolContext ctx, JailStore store, List<string> args)
    {
        if (args.Count == 0)
        {
            ctx.Out.Write("usage: appjail cmd [chroot|jaildir|jexec|local] ...\n");
            return ExitCodes.Usage;
        }
        var kind = args[0];
        var rest = args.Skip(1).ToList();
        if (kind == "jaildir")
        {
            AppJailCli.SkipDashDash(rest);
            return RunOnHost(ctx, ctx.Host.Jails, rest);
        }
        if (kind is not ("jexec" or "local" or "chroot"))
        {
            throw AjLog.Fail(ctx, ExitCodes.Usage, $"{kind}: Invalid subcommand.");
        }
        if (rest.Count == 0)
        {
            ctx.Out.Write($"usage: appjail cmd {kind} jail [args ...]\n");
            return ExitCodes.Usage;
        }
        var jail = rest[0];
        rest.RemoveAt(0);
        store.Require(ctx, jail);
        var cwd = store.RootFs(jail);
        // Options before the command (jexec: -i -l -e N=V -U/-u USER -w DIR; local: -j -r).
        while (rest.Count > 0 && rest[0].StartsWith('-') && rest[0] != "--")
        {
            var o = rest[0];
            rest.RemoveAt(0);
            if (o is "-e" or "-U" or "-u" or "-w" && rest.Count > 0)
            {
                rest.RemoveAt(0);
            }
            else if (o == "-r")
            {
                cwd = store.Dir(jail);
            }
        }
        AppJailCli.SkipDashDash(rest);
        if (kind == "local")
        {
            return RunOnHost(ctx, cwd, rest);
        }
        if (kind == "jexec" && !store.IsRunning(jail))
        {
            throw AjLog.Fail(ctx, ExitCodes.Software, $"{jail} is not running.");
        }
        return InJail(ctx, store, jail, rest);
    }

    private static int InJail(ToolContext ctx, JailStore store, string jail, List<string> cmd)
    {
        if (cmd.Count == 0)
        {
            return 0;
        }
        switch (cmd[0])
        {
            case "vm":
                return VmCommand.Run(ctx, store, jail, cmd.Skip(1).ToList());
            case "realpath":
                ctx.Out.Write("/\n");
                return 0;
            case "echo":
                ctx.Out.Write(string.Join(' ', cmd.Skip(1)) + "\n");
                return 0;
            case "false":
                return 1;
            case "sh" or "/bin/sh" when cmd.Count >= 3 && cmd[1] == "-c":
            {
                var words = ShellWords.Split(cmd[2]);
                if (words.Count == 2 && words[0] == "exit" && int.TryParse(words[1], out var code))
                {
                    return code;
                }
                return words.Count > 0 && words[0] is "echo" or "false" or "vm" ? InJail(ctx, store, jail, words) : 0;
            }
            default:
                return 0;
        }
    }

    private static int RunOnHost(ToolContext ctx, string cwd, List<string> cmd)
    {
        if (cmd.Count == 0)
        {
            return 0;
        }
        var psi = new ProcessStartInfo(cmd[0])
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in cmd.Skip(1))
        {
            psi.ArgumentList.Add(a);
        }
        try
        {
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var err = p.StandardError.ReadToEndAsync();
            ctx.Out.Write(p.StandardOutput.ReadToEnd());
            ctx.Err.Write(err.GetAwaiter().GetResult());
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            ctx.Err.Write($"{cmd[0]}: not found\n");
            return 127;
        }
    }
}
