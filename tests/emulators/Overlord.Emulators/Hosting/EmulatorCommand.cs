using System.Diagnostics;

namespace Overlord.Emulators;

/// <summary>What one emulated tool call returned.</summary>
/// <param name="ExitCode">Exit code (-1 when timed out and killed).</param>
/// <param name="Stdout">Standard output.</param>
/// <param name="Stderr">Standard error.</param>
/// <param name="TimedOut">True when the timeout elapsed and the process group was killed.</param>
public sealed record EmulatorResult(int ExitCode, string Stdout, string Stderr, bool TimedOut);

/// <summary>
/// Runs an emulated tool as a real process through its wrapper script, as the node would (both streams read
/// concurrently, stdin closed).
/// </summary>
public static class EmulatorCommand
{
    /// <summary>Starts <c>&lt;bin&gt;/tool args…</c> with redirected streams; the caller owns the process.</summary>
    public static Process Start(EmulatedHost host, string tool, IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? env = null, string? cwd = null)
    {
        var psi = new ProcessStartInfo(host.ToolPath(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = cwd ?? host.Root,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }
        var p = Process.Start(psi)!;
        p.StandardInput.Close();
        return p;
    }

    /// <summary>Runs to completion (or <paramref name="timeout"/>, default 30 s, then SIGKILL).</summary>
    public static async Task<EmulatorResult> RunAsync(EmulatedHost host, string tool, IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? env = null, string? cwd = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        using var p = Start(host, tool, args, env, cwd);
        return await CollectAsync(p, timeout ?? TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads both streams of a started process until exit or timeout.</summary>
    public static async Task<EmulatorResult> CollectAsync(Process p, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await p.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return new EmulatorResult(timedOut ? -1 : p.ExitCode, await stdout.ConfigureAwait(false),
            await stderr.ConfigureAwait(false), timedOut);
    }
}
