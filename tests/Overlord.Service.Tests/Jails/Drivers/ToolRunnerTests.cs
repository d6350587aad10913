using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Tests.Jails.Drivers;

[SupportedOSPlatform("linux")]
public sealed class ToolRunnerTests : IDisposable
{
    private readonly ScriptDirectory _dir = new();
    private readonly ListLogger<ToolRunner> _log = new();
    private readonly ToolRunner _runner;

    public ToolRunnerTests() => _runner = new ToolRunner(TimeSpan.FromSeconds(1), _log);

    private bool SigkillSent => _log.Entries.Any(e => e.Message.Contains("SIGKILL", StringComparison.Ordinal));

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<ToolResult> Run(string script, params string[] arguments) =>
        _runner.RunAsync(new ToolCommand(script, arguments), Ct);

    [Fact]
    public async Task ExitCodeAndBothStreamsComeBackExactly()
    {
        var script = _dir.Script("t", "printf 'out 1\\nout 2\\n'; printf 'err\\r\\n' >&2; exit 3");

        var result = await Run(script);

        Assert.Equal((3, "out 1\nout 2\n", "err\r\n"), (result.ExitCode, result.StandardOutput, result.StandardError));
        Assert.True(result.Duration > TimeSpan.Zero);
    }

    [Fact]
    public async Task ArgumentsAreExecutedWithoutAShell()
    {
        var script = _dir.Script("t", "for a in \"$@\"; do printf '[%s]' \"$a\"; done");

        var result = await Run(script, "a b", "$HOME", "; rm -rf /", "", "*");

        Assert.Equal("[a b][$HOME][; rm -rf /][][*]", result.StandardOutput);
    }

    [Fact]
    public async Task OutputIsDecodedAsUtf8()
    {
        var script = _dir.Script("t", "printf 'caf\\303\\251 \\342\\234\\223'");

        Assert.Equal("café ✓", (await Run(script)).StandardOutput);
    }

    [Fact]
    public async Task StandardInputIsEmpty()
    {
        var script = _dir.Script("t", "cat; echo \"rc=$?\"");

        Assert.Equal("rc=0\n", (await Run(script)).StandardOutput);
    }

    [Fact]
    public async Task EnvironmentIsTheNodesPlusAdditionsMinusRemovals()
    {
        const string Kept = "OVERLORD_RUNNER_TEST_KEPT";
        const string Removed = "OVERLORD_RUNNER_TEST_REMOVED";
        Environment.SetEnvironmentVariable(Kept, "kept");
        Environment.SetEnvironmentVariable(Removed, "present");
        var script = _dir.Script("t", $"printf '%s|%s|%s' \"${{{Kept}-unset}}\" \"${{{Removed}-unset}}\" \"${{ADDED-unset}}\"");

        var result = await _runner.RunAsync(
            new ToolCommand(script, [], new Dictionary<string, string?> { ["ADDED"] = "a=b c", [Removed] = null }), Ct);

        Assert.Equal("kept|unset|a=b c", result.StandardOutput);
    }

    [Fact]
    public async Task LargeStderrWhileStdoutIsOpenDoesNotDeadlock()
    {
        // 1 MiB on stderr before any stdout: a sequential reader blocks the child on the full stderr pipe.
        var script = _dir.Script("t", "head -c 1048576 /dev/zero | tr '\\000' e >&2; head -c 1048576 /dev/zero | tr '\\000' o");

        var result = await _runner.RunAsync(new ToolCommand(script, [], Timeout: TimeSpan.FromMinutes(2)), Ct);

        Assert.Equal(1048576, result.StandardError.Length);
        Assert.Equal(1048576, result.StandardOutput.Length);
        Assert.All(new[] { result.StandardError.Distinct().Single(), result.StandardOutput.Distinct().Single() }, c => Assert.True(c is 'e' or 'o'));
    }

    [Fact]
    public async Task TimeoutStopsTheChildAndItsGrandchildren()
    {
        var script = _dir.Script("t", $"""
            echo $$ > '{_dir.File("self")}'
            sleep 300 &
            echo $! > '{_dir.File("background")}'
            echo started
            sleep 300
            """);

        var error = await Assert.ThrowsAsync<ToolTimeoutException>(() =>
            _runner.RunAsync(new ToolCommand(script, [], Timeout: TimeSpan.FromMilliseconds(500)), Ct));

        Assert.Equal(TimeSpan.FromMilliseconds(500), error.Limit);
        Assert.False(Processes.IsRunning(_dir.ReadPid("self")));
        Assert.True(await Processes.GoneAsync(_dir.ReadPid("background")));
        Assert.False(SigkillSent); // SIGTERM was enough
    }

    [Fact]
    public async Task ATreeIgnoringSigtermIsKilledAfterTheGrace()
    {
        // Ignored signals stay ignored across fork and exec, so the background sleep ignores SIGTERM too.
        var script = _dir.Script("t", $"""
            trap '' TERM
            echo $$ > '{_dir.File("self")}'
            sleep 300 &
            echo $! > '{_dir.File("background")}'
            wait
            sleep 300
            """);

        await Assert.ThrowsAsync<ToolTimeoutException>(() =>
            _runner.RunAsync(new ToolCommand(script, [], Timeout: TimeSpan.FromMilliseconds(300)), Ct));

        Assert.True(SigkillSent);
        Assert.False(Processes.IsRunning(_dir.ReadPid("self")));
        Assert.True(await Processes.GoneAsync(_dir.ReadPid("background")));
    }

    [Fact]
    public async Task TimeoutCountsFromSpawnEvenWhenStdoutStaysOpen()
    {
        // Upstream starts the clock only after stdout closes, so this child would hang it forever.
        var script = _dir.Script("t", "echo partial; exec sleep 300");

        await Assert.ThrowsAsync<ToolTimeoutException>(() =>
            _runner.RunAsync(new ToolCommand(script, [], Timeout: TimeSpan.FromMilliseconds(300)), Ct));
    }

    [Fact]
    public async Task AnExitedChildReturnsEvenWhenAGrandchildKeepsThePipesOpen()
    {
        var script = _dir.Script("t", $"sleep 300 & echo $! > '{_dir.File("background")}'; echo done; exit 4");
        try
        {
            var result = await _runner.RunAsync(new ToolCommand(script, [], Timeout: TimeSpan.FromMinutes(2)), Ct);

            Assert.Equal((4, "done\n"), (result.ExitCode, result.StandardOutput));
        }
        finally
        {
            Processes.Kill(_dir.ReadPid("background"));
        }
    }

    [Fact]
    public async Task CancellationStopsTheTreeAndIsNotATimeout()
    {
        var script = _dir.Script("t", $"echo $$ > '{_dir.File("self")}'; sleep 300 & echo $! > '{_dir.File("background")}'; wait");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _runner.RunAsync(new ToolCommand(script, [], Timeout: TimeSpan.FromMinutes(5)), cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.False(Processes.IsRunning(_dir.ReadPid("self")));
        Assert.True(await Processes.GoneAsync(_dir.ReadPid("background")));
    }

    [Fact]
    public async Task AnAlreadyCancelledTokenStartsNothing()
    {
        var marker = _dir.File("ran");
        var script = _dir.Script("t", $"touch '{marker}'");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _runner.RunAsync(new ToolCommand(script, []), new CancellationToken(canceled: true)));

        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task AMissingToolIsNotFound()
    {
        var notExecutable = _dir.File("plain");
        File.WriteAllText(notExecutable, "#!/bin/sh\n");

        await Assert.ThrowsAsync<ToolNotFoundException>(() => Run("overlord-no-such-tool-" + Guid.NewGuid().ToString("N")));
        await Assert.ThrowsAsync<ToolNotFoundException>(() => Run(_dir.File("absent")));
        await Assert.ThrowsAsync<ToolNotFoundException>(() => Run(notExecutable));
    }

    [Fact]
    public async Task AToolBusyBeingWrittenIsStartedOnceTheWriterLetsGo()
    {
        var tool = _dir.Script("busy", "echo ran");
        // Open for writing, exec fails with ETXTBSY; the runner tries again while the writer closes it.
        var writer = new FileStream(tool, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        var run = _runner.RunAsync(new ToolCommand(tool, []), Ct);
        await Task.Delay(30, Ct);
        await writer.DisposeAsync();

        Assert.Equal("ran\n", (await run).StandardOutput);
    }

    [Fact]
    public async Task AToolThatStaysBusyIsNotFound()
    {
        var tool = _dir.Script("busy", "echo ran");
        using var writer = new FileStream(tool, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);

        var error = await Assert.ThrowsAsync<ToolNotFoundException>(() => _runner.RunAsync(new ToolCommand(tool, []), Ct));
        Assert.Contains("busy", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ABareNameIsFoundOnThePathTheChildSees()
    {
        var bin = Directory.CreateDirectory(_dir.File("bin")).FullName;
        var tool = Path.Combine(bin, "overlord-fake-tool");
        File.WriteAllText(tool, "#!/bin/sh\necho found\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var path = bin + ":" + Environment.GetEnvironmentVariable("PATH");

        var result = await _runner.RunAsync(new ToolCommand("overlord-fake-tool", [], new Dictionary<string, string?> { ["PATH"] = path }), Ct);

        Assert.Equal("found\n", result.StandardOutput);
    }

    [Fact]
    public async Task LogsShowTheCommandAndExitCodeButNeverEnvironmentValues()
    {
        var logger = new ListLogger<ToolRunner>();
        var runner = new ToolRunner(TimeSpan.Zero, logger);
        var script = _dir.Script("t", "exit 7");

        await runner.RunAsync(new ToolCommand(script, ["-p", "web"], new Dictionary<string, string?> { ["OVERLORD_METADATA"] = "s3cret-value" }), Ct);

        var text = string.Join("\n", logger.Entries.Select(e => e.Message));
        Assert.Contains($"{script} -p web", text, StringComparison.Ordinal);
        Assert.Contains("exited with 7", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", text, StringComparison.Ordinal);
        Assert.All(logger.Entries, e => Assert.Equal(LogLevel.Debug, e.Level));
    }
}
