using System.Collections;
using System.Diagnostics;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Overlord.Emulators.AppJail;
using Overlord.Emulators.Cli;
using Overlord.Emulators.Director;
using Overlord.Emulators.Faults;
using Overlord.Emulators.Hosting;
using Overlord.Emulators.HostTools;
using Overlord.Emulators.Journal;

namespace Overlord.Emulators;

/// <summary>
/// <c>overlord-emu [--root DIR] &lt;tool&gt; ARGS…</c> (root also from <c>OVERLORD_EMU_ROOT</c>) and
/// <c>overlord-emu init --root DIR</c>. Applies process-level fault knobs around the tool and journals the call.
/// </summary>
public static class Program
{
    private static readonly string[] Tools = ["appjail", "appjail-director", "rctl", "sysctl"];
    private static Action<int>? _journal;

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        var list = args.ToList();
        string? root = null;
        if (list.Count > 0 && list[0] == "init")
        {
            list.RemoveAt(0);
            root = TakeRoot(list) ?? Environment.GetEnvironmentVariable("OVERLORD_EMU_ROOT");
            if (root is null)
            {
                Console.Error.Write("usage: overlord-emu init --root DIR\n");
                return ExitCodes.Usage;
            }
            using var host = EmulatedHost.Create(root);
            Console.Out.Write(host.Root + "\n");
            return 0;
        }
        root = TakeRoot(list) ?? Environment.GetEnvironmentVariable("OVERLORD_EMU_ROOT");
        if (root is null || list.Count == 0 || !Tools.Contains(list[0]))
        {
            Console.Error.Write("usage: overlord-emu [--root DIR] {appjail|appjail-director|rctl|sysctl} [args ...]\n"
                + "       overlord-emu init --root DIR\n");
            return ExitCodes.Usage;
        }
        var layout = new HostLayout(root);
        if (!layout.IsInitialized)
        {
            Console.Error.Write($"overlord-emu: {layout.Root}: not an emulated host (run `overlord-emu init --root DIR`)\n");
            return ExitCodes.Config;
        }
        return Execute(layout, list[0], list.Skip(1).ToList());
    }

    private static string? TakeRoot(List<string> list)
    {
        if (list.Count >= 2 && list[0] == "--root")
        {
            var r = list[1];
            list.RemoveRange(0, 2);
            return r;
        }
        return null;
    }

    /// <summary>Called right before a self-SIGKILL so the journal still shows the call.</summary>
    internal static void JournalBeforeDeath(int code) => _journal?.Invoke(code);

    private static int Execute(HostLayout host, string tool, List<string> argv)
    {
        var started = DateTime.UtcNow;
        var sw = Stopwatch.StartNew();
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            env[(string)e.Key] = (string?)e.Value ?? "";
        }
        var cwd = Environment.CurrentDirectory;
        string? project = tool == "appjail-director" ? ProjectOf(argv) ?? env.GetValueOrDefault("DIRECTOR_PROJECT") : null;
        var faults = FaultStore.Match(host, tool, argv, env.GetValueOrDefault(FaultStore.EnvVariable), project, null);

        var journaled = 0;
        _journal = code =>
        {
            if (Interlocked.Exchange(ref journaled, 1) == 0)
            {
                JournalWriter.Append(host, new JournalEntry(started.ToString("O"), Environment.ProcessId, tool, argv,
                    JournalWriter.EnvSubset(env), cwd, code, sw.Elapsed.TotalMilliseconds, Nested: false, faults.Describe()));
            }
        };
        Signals.Ignore = faults.Has("ignore-sigterm");
        Signals.OnFatal = () =>
        {
            // The runtime would not end a process parked in Thread.Sleep: end it like the default action would.
            _journal(143);
            Environment.Exit(143);
        };
        Signals.Install();

        var stdout = Console.OpenStandardOutput();
        var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };

        if (faults.Int("slow-start") is { } delay)
        {
            Thread.Sleep(delay);
        }
        if (faults.Int("stderr-flood") is { } flood)
        {
            var chunk = new string('E', 1023) + "\n";
            for (var n = 0; n < flood; n += chunk.Length)
            {
                stderr.Write(chunk);
            }
        }
        if (faults.Has("sigkill-self") && tool != "appjail-director")
        {
            _journal(137);
            Process.GetCurrentProcess().Kill();
        }
        // Director's up hangs inside its build instead, where a cancel can reach it (§3.3 "Signals").
        var upCall = tool == "appjail-director" && argv.Contains("up");
        if (faults.Has("hang") || faults.Has("ignore-sigterm"))
        {
            if (!upCall || faults.Has("ignore-sigterm"))
            {
                // A marker tests can wait for: the signal handlers are in place from here on.
                File.WriteAllText(Path.Combine(host.Emu, $"hang.{Environment.ProcessId}"), tool);
                // Sleep with stdout open: only SIGTERM (or SIGKILL with ignore-sigterm) ends it.
                Thread.Sleep(Timeout.Infinite);
            }
        }

        var buffer = new StringWriter { NewLine = "\n" };
        var ctx = new ToolContext
        {
            Host = host, Out = buffer, Err = stderr, Env = env, Cwd = cwd, Faults = faults, Cancel = Signals.Source.Token,
        };
        if (faults.Has("debug-noise"))
        {
            AjLog.Debug(ctx, "overlord-emu: debug noise (fault knob).");
            AjLog.Debug(ctx, $"overlord-emu: {tool} {string.Join(' ', argv)}");
        }

        if (faults.Value("output") is { } text)
        {
            buffer.Write(text.Replace("\\n", "\n", StringComparison.Ordinal));
        }
        int code;
        if (faults.Int("exit") is { } forced && !upCall)
        {
            if (tool == "appjail")
            {
                AjLog.Error(ctx, "Injected failure (overlord-emu).");
            }
            else
            {
                stderr.Write($"{tool}: injected failure (overlord-emu)\n");
            }
            code = forced;
        }
        else
        {
            code = tool switch
            {
                "appjail" => AppJailCli.Run(ctx, argv),
                "appjail-director" => DirectorCli.Run(ctx, argv),
                "rctl" => RctlCommand.Run(ctx, argv),
                _ => SysctlCommand.Run(ctx, argv),
            };
        }

        var output = buffer.ToString();
        if (faults.Has("empty-output"))
        {
            output = "";
            code = 0;
        }
        if (faults.Has("stdout-garbage"))
        {
            output = "Source contains parsing errors: '/usr/local/etc/director.ini'\n" + output;
        }
        if (faults.Has("crlf"))
        {
            output = output.Replace("\n", "\r\n", StringComparison.Ordinal);
        }
        var bytes = Encoding.UTF8.GetBytes(output);
        if (faults.Has("partial-output"))
        {
            bytes = bytes[..(bytes.Length / 2)];
            code = faults.Int("partial-output") ?? code;
        }
        stdout.Write(bytes);
        stdout.Flush();

        if (faults.Has("hang-after-output"))
        {
            // .NET keeps dups of fd 1 (console streams are never really closed): close every descriptor on the
            // same pipe so readers see EOF while the process lives on.
            CloseStdoutEverywhere();
            File.WriteAllText(Path.Combine(host.Emu, $"hang.{Environment.ProcessId}"), tool);
            _journal(code);
            Thread.Sleep(Timeout.Infinite);
        }
        if (faults.Int("slow-exit") is { } exitDelay)
        {
            Thread.Sleep(exitDelay);
        }
        _journal(code);
        return code;
    }

    private static void CloseStdoutEverywhere()
    {
        var target = new FileInfo("/proc/self/fd/1").LinkTarget;
        foreach (var entry in Directory.GetFiles("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var fd) && fd > 0 && fd != 2
                && new FileInfo(entry).LinkTarget is { } t && t == target)
            {
                new SafeFileHandle(fd, ownsHandle: true).Dispose();
            }
        }
    }

    private static string? ProjectOf(List<string> argv)
    {
        for (var i = 0; i < argv.Count - 1; i++)
        {
            if (argv[i] is "-p" or "--project")
            {
                return argv[i + 1];
            }
        }
        return null;
    }
}
