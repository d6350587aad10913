using System.Runtime.Versioning;
using Overlord.Core.Config;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Tests.Jails.Drivers;

[SupportedOSPlatform("linux")]
public sealed class DirectorDriverTests : IDisposable
{
    // Outputs as Director prints them (contract §3.3–3.5): json.dumps(indent=2) plus a newline.
    private const string Describe = """
        {
          "name": "wiki",
          "state": "DONE",
          "last_log": "/root/.director/logs/2025-06-14_09h41m07s",
          "locked": false,
          "services": [
            {
              "name": "db",
              "status": 0,
              "jail": "wiki-db"
            },
            {
              "name": "app",
              "status": 0,
              "jail": "5c1e9a07bd"
            }
          ]
        }

        """;

    private const string UpOk = "{\n  \"errlevel\": 0,\n  \"message\": null,\n  \"failed\": []\n}\n";

    private const string UpFailed = """
        {
          "errlevel": 1,
          "message": null,
          "failed": [
            {
              "type": "makejail",
              "service": "app"
            }
          ]
        }

        """;

    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string> NoEnvironment = [];

    private DirectorDriver Driver(int? executionTime = 10800) =>
        new(DriverConfig.Create(new ToolsConfig { Director = _dir.File("director") }) with { ExecutionTime = executionTime }, DriverConfig.Runner());

    // ---- ls --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task LsGivesEveryProjectWithItsState()
    {
        _dir.FakeTool("director", "Projects:\n + wiki\n ! blog\n - shop\n x old\n");

        var projects = await Driver().ListAsync(Ct);

        Assert.Equal(["ls"], _dir.Argv("director"));
        Assert.Equal(
            [new("wiki", "DONE"), new("blog", "UNFINISHED"), new("shop", "FAILED"), new DirectorProjectEntry("old", "DESTROYING")],
            projects);
    }

    [Theory]
    [InlineData("No project has been created.\n")]
    [InlineData("Projects:\n")]
    [InlineData("Projects:\n\n")]
    public async Task LsWithoutProjectsIsEmpty(string stdout)
    {
        _dir.FakeTool("director", stdout);

        Assert.Empty(await Driver().ListAsync(Ct));
    }

    [Fact]
    public async Task LsToleratesCrlfAndBlankLines()
    {
        _dir.FakeTool("director", "Projects:\r\n + wiki\r\n\r\n - my project.v2\r\n");

        Assert.Equal([new("wiki", "DONE"), new DirectorProjectEntry("my project.v2", "FAILED")], await Driver().ListAsync(Ct));
    }

    [Fact]
    public async Task LsMustExitZero()
    {
        // Upstream's "ls | tail | cut" pipeline reported cut's exit code, so this read as "no projects".
        _dir.FakeTool("director", "Source contains parsing errors: '/root/.config/director/director.ini'\n", exitCode: 78);

        var error = await Assert.ThrowsAsync<ToolFailedException>(() => Driver().ListAsync(Ct));

        Assert.Equal(78, error.Result.ExitCode);
    }

    [Theory]
    [InlineData("", "empty output")]
    [InlineData("Projects\n + wiki\n", "expected 'Projects:' first")]
    [InlineData("Projects:\n+ wiki\n", "'+ wiki'")]
    [InlineData("Projects:\n ? wiki\n", "' ? wiki'")]
    public async Task LsGarbageIsAnOutputError(string stdout, string fragment)
    {
        _dir.FakeTool("director", stdout);

        var error = await Assert.ThrowsAsync<ToolOutputException>(() => Driver().ListAsync(Ct));

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    // ---- describe / check / cancel ---------------------------------------------------------------------------

    [Fact]
    public async Task DescribeReadsDirectorsJson()
    {
        _dir.FakeTool("director", Describe);

        var d = await Driver().DescribeAsync("wiki", Ct);

        Assert.Equal(["describe", "-p", "wiki"], _dir.Argv("director"));
        Assert.NotNull(d);
        Assert.Equal(("wiki", "DONE", "/root/.director/logs/2025-06-14_09h41m07s", false), (d.Name, d.State, d.LastLog, d.Locked));
        Assert.Equal([new("db", 0, "wiki-db"), new DirectorService("app", 0, "5c1e9a07bd")], d.Services);
    }

    [Fact]
    public async Task DescribeAcceptsANullLastLogAndNoServices()
    {
        _dir.FakeTool("director", "{\n  \"name\": \"new\",\n  \"state\": \"UNFINISHED\",\n  \"last_log\": null,\n  \"locked\": true,\n  \"services\": []\n}\n");

        var d = await Driver().DescribeAsync("new", Ct);

        Assert.Equal(("UNFINISHED", (string?)null, true, 0), (d!.State, d.LastLog, d.Locked, d.Services.Count));
    }

    [Fact]
    public async Task DescribeOfAMissingProjectIsNull()
    {
        _dir.FakeTool("director", stderr: "wiki: Project not found.\n", exitCode: 66);

        Assert.Null(await Driver().DescribeAsync("wiki", Ct));
    }

    [Fact]
    public async Task DescribeFailureCarriesDirectorsError()
    {
        _dir.FakeTool("director", stderr: "Exception:\n type: InvalidProjectName\n error: bad\n file: /root/.director/logs/x/exception.log\n", exitCode: 70);

        var error = await Assert.ThrowsAsync<ToolFailedException>(() => Driver().DescribeAsync("wiki", Ct));

        Assert.Equal(70, error.Result.ExitCode);
        Assert.Contains("InvalidProjectName", error.Result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty output")]
    [InlineData("{\n  \"name\": \"wiki\",\n  \"state\": \"DONE\",\n  \"last_lo", "not the JSON of describe")]
    [InlineData("garbage\n", "not the JSON of describe")]
    [InlineData("{\"name\": \"wiki\", \"state\": \"DONE\", \"last_log\": null, \"locked\": false}", "not the JSON of describe")]
    [InlineData("{\"name\": null, \"state\": \"DONE\", \"last_log\": null, \"locked\": false, \"services\": []}", "not the JSON of describe")]
    [InlineData("{\"name\": \"wiki\", \"state\": \"DONE\", \"last_log\": null, \"locked\": \"no\", \"services\": []}", "not the JSON of describe")]
    [InlineData("{\"name\": \"\", \"state\": \"\", \"last_log\": null, \"locked\": false, \"services\": []}", "no project name or state")]
    [InlineData("null", "no project name or state")]
    public async Task DescribeGarbageIsAnOutputError(string stdout, string fragment)
    {
        _dir.FakeTool("director", stdout);

        var error = await Assert.ThrowsAsync<ToolOutputException>(() => Driver().DescribeAsync("wiki", Ct));

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(66, false)]
    [InlineData(70, false)]
    public async Task CheckAndCancelAreTrueOnExitZero(int exitCode, bool expected)
    {
        _dir.FakeTool("director", exitCode: exitCode);

        Assert.Equal(expected, await Driver().ExistsAsync("wiki", Ct));
        Assert.Equal(["check", "-p", "wiki"], _dir.Argv("director"));
        Assert.Equal(expected, await Driver().CancelAsync("wiki", Ct));
        Assert.Equal(["cancel", "-p", "wiki"], _dir.Argv("director"));
    }

    // ---- up / down -------------------------------------------------------------------------------------------

    [Fact]
    public async Task UpRunsWithAPrivateTempFileAndTheEnvironment()
    {
        const string Yaml = "services:\n  app:\n    makejail: gh+AppJail-makejails/nginx\n";
        _dir.FakeTool("director", UpOk, extra: $"""
            cp "$4" '{_dir.File("copy.yml")}'
            stat -c %a "$4" > '{_dir.File("mode")}'
            printf '%s|%s' "$OVERLORD_METADATA" "$DIRECTOR_PROJECT_HINT" > '{_dir.File("env")}'
            """);

        var run = await Driver().UpAsync("wiki", Yaml, new Dictionary<string, string> { ["OVERLORD_METADATA"] = "{\"a\": 1}", ["DIRECTOR_PROJECT_HINT"] = "x y" }, overwrite: false, Ct);

        var argv = _dir.Argv("director");
        Assert.Equal(["up", "-j", "-f", argv[3], "-p", "wiki"], argv);
        Assert.Equal(Path.GetTempPath().TrimEnd('/'), Path.GetDirectoryName(argv[3]));
        Assert.StartsWith("overlord-", Path.GetFileName(argv[3]), StringComparison.Ordinal);
        Assert.False(File.Exists(argv[3])); // deleted afterwards
        Assert.Equal(Yaml, File.ReadAllText(_dir.File("copy.yml")));
        Assert.Equal("600", File.ReadAllText(_dir.File("mode")).Trim());
        Assert.Equal("{\"a\": 1}|x y", File.ReadAllText(_dir.File("env")));
        Assert.Equal(new DirectorRun(0, run.Report, "", null), run);
        Assert.Equal((0, (string?)null), (run.Report!.ErrLevel, run.Report.Message));
        Assert.Empty(run.Report.Failed);
    }

    [Fact]
    public async Task UpOverwriteAndAFailedReport()
    {
        _dir.FakeTool("director", UpFailed, exitCode: 1);

        var run = await Driver().UpAsync("vm1", "services: {}\n", NoEnvironment, overwrite: true, Ct);

        var argv = _dir.Argv("director");
        Assert.Equal(["up", "-j", "-f", argv[3], "-p", "vm1", "--overwrite"], argv);
        Assert.Equal(1, run.ExitCode);
        Assert.Null(run.OutputProblem);
        Assert.Equal(1, run.Report!.ErrLevel);
        Assert.Equal([new DirectorFailure("makejail", "app")], run.Report.Failed);
    }

    [Fact]
    public async Task UpDeletesTheTempFileWhenTheRunFails()
    {
        var marker = _dir.File("file");
        _dir.FakeTool("director", extra: $"printf '%s' \"$4\" > '{marker}'; sleep 300");

        await Assert.ThrowsAsync<ToolTimeoutException>(() =>
            new DirectorDriver(DriverConfig.Create(new ToolsConfig { Director = _dir.File("director") }) with { ExecutionTime = 1 }, DriverConfig.Runner())
                .UpAsync("wiki", "services: {}\n", NoEnvironment, overwrite: false, Ct));

        Assert.False(File.Exists(File.ReadAllText(marker)));
    }

    [Fact]
    public async Task AGarbageLineBeforeTheJsonIsSkipped()
    {
        _dir.FakeTool("director", "Source contains parsing errors: '/usr/local/etc/director.ini'\n\t[line  2]: 'oops'\n" + UpFailed, "colour \u001b[0;31merror\u001b[0;39;49m\n", exitCode: 1);

        var run = await Driver().DownAsync("wiki", NoEnvironment, destroy: false, ignoreFailed: false, Ct);

        Assert.Null(run.OutputProblem);
        Assert.Equal([new DirectorFailure("makejail", "app")], run.Report!.Failed);
        Assert.Equal("colour \u001b[0;31merror\u001b[0;39;49m\n", run.StandardError);
    }

    [Fact]
    public async Task CrlfJsonIsRead()
    {
        _dir.FakeTool("director", UpOk.Replace("\n", "\r\n", StringComparison.Ordinal));

        var run = await Driver().DownAsync("wiki", NoEnvironment, destroy: false, ignoreFailed: false, Ct);

        Assert.Equal(0, run.Report!.ErrLevel);
    }

    [Fact]
    public async Task ANullErrlevelAfterAChildTimeoutIsKept()
    {
        _dir.FakeTool("director", "{\n  \"errlevel\": null,\n  \"message\": null,\n  \"failed\": []\n}\n");

        var run = await Driver().DownAsync("wiki", NoEnvironment, destroy: false, ignoreFailed: false, Ct);

        Assert.Null(run.Report!.ErrLevel);
        Assert.Null(run.OutputProblem);
    }

    [Theory]
    [InlineData("", 0, "printed nothing")]
    [InlineData("{\n  \"errlevel\": 0,\n  \"message\": nu", 70, "truncated or invalid")]
    [InlineData("Source contains parsing errors\n", 78, "no JSON report")]
    [InlineData("{\n  \"errlevel\": 0\n}\n", 0, "truncated or invalid")]
    [InlineData("{\n  \"errlevel\": 0,\n  \"message\": null,\n  \"failed\": []\n}\ntrailing\n", 0, "truncated or invalid")]
    public async Task AMissingOrBrokenReportIsRecordedNotThrown(string stdout, int exitCode, string fragment)
    {
        _dir.FakeTool("director", stdout, "stderr text\n", exitCode);

        var run = await Driver().UpAsync("wiki", "services: {}\n", NoEnvironment, overwrite: false, Ct);

        Assert.Equal((exitCode, (DirectorReport?)null, "stderr text\n"), (run.ExitCode, run.Report, run.StandardError));
        Assert.Contains(fragment, run.OutputProblem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false, new[] { "down", "-j", "-p", "wiki" })]
    [InlineData(true, false, new[] { "down", "-j", "-d", "-p", "wiki" })]
    [InlineData(true, true, new[] { "down", "-j", "-d", "--ignore-failed", "-p", "wiki" })]
    public async Task DownArgv(bool destroy, bool ignoreFailed, string[] expected)
    {
        _dir.FakeTool("director", UpOk);

        await Driver().DownAsync("wiki", NoEnvironment, destroy, ignoreFailed, Ct);

        Assert.Equal(expected, _dir.Argv("director"));
    }

    [Fact]
    public async Task UpAndDownAreLimitedByExecutionTime()
    {
        _dir.FakeTool("director", extra: "sleep 300");

        var error = await Assert.ThrowsAsync<ToolTimeoutException>(() => Driver(executionTime: 1).DownAsync("wiki", NoEnvironment, destroy: true, ignoreFailed: true, Ct));

        Assert.Equal(TimeSpan.FromSeconds(1), error.Limit);
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("--overwrite")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task AnInvalidProjectNameNeverReachesDirector(string project)
    {
        _dir.FakeTool("director", UpOk);
        var driver = Driver();

        await Assert.ThrowsAsync<ArgumentException>(() => driver.DescribeAsync(project, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => driver.ExistsAsync(project, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => driver.CancelAsync(project, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => driver.UpAsync(project, "services: {}\n", NoEnvironment, false, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => driver.DownAsync(project, NoEnvironment, true, true, Ct));

        Assert.False(File.Exists(_dir.File("director.argv")));
    }
}
