using Overlord.Emulators.Faults;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.Cli;

/// <summary>
/// One tool invocation: the host, the streams it writes to, its environment and cwd. Director runs AppJail commands
/// in-process with a context whose streams go to the step log, as the real Director redirects its children.
/// </summary>
internal sealed class ToolContext
{
    public required HostLayout Host { get; init; }
    public required TextWriter Out { get; init; }
    public required TextWriter Err { get; init; }
    public required IReadOnlyDictionary<string, string> Env { get; init; }
    public required string Cwd { get; init; }
    public required FaultSet Faults { get; init; }

    /// <summary>Signalled by SIGTERM/SIGINT/SIGHUP/SIGQUIT; only an interruptible <c>up</c> watches it.</summary>
    public CancellationToken Cancel { get; init; }

    /// <summary>Pid of the emulator process (children run in-process share it).</summary>
    public int Pid { get; init; } = Environment.ProcessId;

    public string? GetEnv(string name) => Env.TryGetValue(name, out var v) ? v : null;

    /// <summary>A child context writing to other streams (Director's per-step logs) with extra variables.</summary>
    public ToolContext WithStreams(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string>? extraEnv = null)
    {
        var env = Env;
        if (extraEnv is not null)
        {
            var merged = new Dictionary<string, string>(Env, StringComparer.Ordinal);
            foreach (var (k, v) in extraEnv)
            {
                merged[k] = v;
            }
            env = merged;
        }
        return new ToolContext
        {
            Host = Host, Out = output, Err = error, Env = env, Cwd = Cwd, Faults = Faults, Cancel = Cancel, Pid = Pid,
        };
    }
}
