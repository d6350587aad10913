using System.ComponentModel;
using System.Diagnostics;

namespace Overlord.Service.Jails.Tools;

/// <summary>
/// The node's one way to run a process, over <see cref="Process"/>. Unlike upstream's runner it reads stdout and stderr
/// concurrently (no deadlock on a full stderr pipe), starts the clock at spawn (a child that keeps stdout open cannot
/// hang the node), and stops the whole tree with SIGTERM, then SIGKILL after <c>tools.kill_grace</c>.
/// </summary>
public sealed class ToolRunner : IToolRunner
{
    /// <summary>How long output may keep arriving after the child exits, for a descendant that inherited the pipes.</summary>
    private static readonly TimeSpan DrainWindow = TimeSpan.FromSeconds(2);

    /// <summary>How often the stop sequence checks whether the tree is gone.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest delay a <see cref="CancellationTokenSource"/> accepts; longer limits mean "none".</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(int.MaxValue);

    private readonly TimeSpan _killGrace;
    private readonly ILogger<ToolRunner> _logger;

    // ETXTBSY is 26 on Linux and FreeBSD.
    private const int TextFileBusy = 26;
    private const int StartAttempts = 5;

    /// <summary>Creates the runner.</summary>
    /// <param name="killGrace">Time between SIGTERM and SIGKILL when a run is stopped.</param>
    /// <param name="logger">Receives the command line, exit code and duration at Debug.</param>
    public ToolRunner(TimeSpan killGrace, ILogger<ToolRunner> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(killGrace, TimeSpan.Zero);
        _killGrace = killGrace;
        _logger = logger;
    }

    /// <inheritdoc/>
    public async Task<ToolResult> RunAsync(ToolCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var process = new Process { StartInfo = StartInfo(command) };
        var line = command.ToString();
        JailLog.ToolStarting(_logger, line);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                process.Start();
                break;
            }
            catch (Win32Exception e) when (e.NativeErrorCode == TextFileBusy && attempt < StartAttempts)
            {
                // ETXTBSY: the file was open for writing at exec time — while it is being replaced, or because a
                // process forked elsewhere in this one still holds a just-closed write descriptor until its own
                // exec. Both pass within milliseconds.
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Win32Exception e)
            {
                throw new ToolNotFoundException(command, e);
            }
        }
        var clock = Stopwatch.StartNew();
        // Closed at once: the child reads end-of-file, as upstream's /dev/null gives it.
        process.StandardInput.Close();
        var stdout = StreamCapture.Start(process.StandardOutput.BaseStream);
        var stderr = StreamCapture.Start(process.StandardError.BaseStream);

        using var timeout = new CancellationTokenSource();
        if (command.Timeout is { } limit && limit < LongestTimer)
        {
            timeout.CancelAfter(limit < TimeSpan.Zero ? TimeSpan.Zero : limit);
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stopped = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // An exit that raced the timer still counts as finished; a cancelled caller never gets a result.
            stopped = cancellationToken.IsCancellationRequested || !process.HasExited;
        }
        if (stopped)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                JailLog.ToolCancelled(_logger, line, clock.ElapsedMilliseconds);
            }
            else
            {
                JailLog.ToolTimedOut(_logger, line, command.Timeout!.Value.TotalSeconds);
            }
            await StopTreeAsync(process, line).ConfigureAwait(false);
        }

        var drained = Task.WhenAll(stdout.Completion, stderr.Completion);
        if (await Task.WhenAny(drained, Task.Delay(DrainWindow, CancellationToken.None)).ConfigureAwait(false) != drained)
        {
            JailLog.ToolPipesLeftOpen(_logger, line);
        }
        clock.Stop();

        if (stopped)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new ToolTimeoutException(command, command.Timeout!.Value);
        }
        if (stdout.Truncated || stderr.Truncated)
        {
            JailLog.ToolOutputTruncated(_logger, line, StreamCapture.Limit);
        }
        var result = new ToolResult(process.ExitCode, stdout.Text(), stderr.Text(), clock.Elapsed);
        JailLog.ToolExited(_logger, line, result.ExitCode, clock.ElapsedMilliseconds);
        return result;
    }

    private static ProcessStartInfo StartInfo(ToolCommand command)
    {
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // info.Environment starts as a copy of the node's own environment.
        foreach (var (name, value) in command.Environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }
        info.FileName = Resolve(command, info.Environment.TryGetValue("PATH", out var path) ? path : null);
        return info;
    }

    /// <summary>
    /// A bare name is looked up on the PATH the child will see. (<see cref="Process"/> would search the node's own
    /// PATH and the node's install directory first, which could pick a stray file named like the tool.)
    /// </summary>
    private static string Resolve(ToolCommand command, string? path)
    {
        var name = command.FileName;
        if (name.Length == 0)
        {
            throw new ToolNotFoundException(command);
        }
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return name;
        }
        foreach (var dir in (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }
        throw new ToolNotFoundException(command, new FileNotFoundException($"not found on PATH ({path ?? "unset"})", name));
    }

    /// <summary>
    /// SIGTERM to the child and its descendants; after the grace period (or as soon as all are gone) SIGKILL to
    /// whatever is left, including descendants orphaned when the child died. Returns once the child is reaped.
    /// </summary>
    private async Task StopTreeAsync(Process process, string line)
    {
        var root = process.Id;
        // Snapshot before signalling: once the child dies its children are re-parented and can no longer be found.
        var tree = ProcessTree.Of(root);
        tree.Signal(Posix.SigTerm);

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < _killGrace && (!process.HasExited || tree.AnyAlive()))
        {
            await Task.Delay(PollInterval, CancellationToken.None).ConfigureAwait(false);
        }

        if (!process.HasExited)
        {
            tree.Refresh(root);
        }
        if (!process.HasExited || tree.AnyAlive())
        {
            JailLog.ToolKilled(_logger, line, _killGrace.TotalSeconds);
            tree.Signal(Posix.SigKill);
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited in between.
            }
            catch (Win32Exception)
            {
                // Not ours to kill any more (exited and pid reused); nothing left to do.
            }
        }
        // After SIGKILL the exit is immediate; the bound only guards against a process stuck in the kernel.
        using var reap = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(reap.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
