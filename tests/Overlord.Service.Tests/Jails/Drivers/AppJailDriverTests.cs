using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using Overlord.Core.Config;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Tests.Jails.Drivers;

[SupportedOSPlatform("linux")]
public sealed class AppJailDriverTests : IDisposable
{
    /// <summary>An AppJail error line with colours on, as AppJail prints it by default (contract §4).</summary>
    private const string ColouredError = "\u001b[0;90m[00:00:00] \u001b[0;31m[ error ]\u001b[0;39;49m Cannot find the jail `ghost`\n";

    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AppJailDriver Driver(string? jails = null) =>
        new(DriverConfig.Create(new ToolsConfig { AppJail = _dir.File("appjail") }, jails ?? _dir.File("jails")), DriverConfig.Runner(), NullLogger<AppJailDriver>.Instance);

    // ---- status ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0, JailStatus.Running)]
    [InlineData(1, JailStatus.Stopped)]
    [InlineData(66, JailStatus.Absent)]
    [InlineData(65, JailStatus.Absent)]
    public async Task StatusFollowsTheExitCode(int exitCode, JailStatus expected)
    {
        _dir.FakeTool("appjail", stderr: exitCode == 66 ? ColouredError : "", exitCode: exitCode);

        Assert.Equal(expected, await Driver().GetStatusAsync("web1", Ct));
        Assert.Equal(["status", "-q", "web1"], _dir.Argv("appjail"));
    }

    [Fact]
    public async Task AppJailRunsWithoutColoursOrScriptLogging()
    {
        _dir.FakeTool("appjail", extra: $"printf '%s|%s' \"$ENABLE_COLORS\" \"$ENABLE_LOGGING_OUTPUT\" > '{_dir.File("env")}'");

        await Driver().GetStatusAsync("web1", Ct);

        Assert.Equal("0|0", File.ReadAllText(_dir.File("env")));
    }

    // ---- jail get --------------------------------------------------------------------------------------------

    [Fact]
    public async Task InfoIsOneCallForAllKeywords()
    {
        _dir.FakeTool("appjail", "UP\tweb1\tthin\t14.2-RELEASE\t8080/tcp\t10.0.0.3\n");
        string[] keywords = ["status", "name", "type", "version", "ports", "network_ip4"];

        var info = await Driver().GetInfoAsync("web1", keywords, Ct);

        Assert.Equal(["jail", "get", "-I", "-t", "--", "web1", .. keywords], _dir.Argv("appjail"));
        Assert.Equal(
            new Dictionary<string, string> { ["status"] = "UP", ["name"] = "web1", ["type"] = "thin", ["version"] = "14.2-RELEASE", ["ports"] = "8080/tcp", ["network_ip4"] = "10.0.0.3" },
            info);
    }

    [Fact]
    public async Task EmptyFieldsInTheMiddleAndAtTheEndAreEmptyStrings()
    {
        // -I: an empty value is a lone blank among several; trailing blanks are stripped, a trailing tab survives.
        _dir.FakeTool("appjail", "UP\t \tweb1\t\n");

        var info = await Driver().GetInfoAsync("web1", ["status", "ports", "name", "alt_name"], Ct);

        Assert.Equal(new Dictionary<string, string> { ["status"] = "UP", ["ports"] = "", ["name"] = "web1", ["alt_name"] = "" }, info);
    }

    [Fact]
    public async Task AFinalEmptyFieldThatVanishedReadsEmpty()
    {
        _dir.FakeTool("appjail", "DOWN\tdb1\n");

        var info = await Driver().GetInfoAsync("db1", ["status", "name", "alt_name", "inet"], Ct);

        Assert.Equal(("DOWN", "db1", "", ""), (info!["status"], info["name"], info["alt_name"], info["inet"]));
    }

    [Theory]
    [InlineData("\n", "")]
    [InlineData("", "")]
    [InlineData("10.0.0.3, 10.0.0.4\n", "10.0.0.3, 10.0.0.4")]
    [InlineData("UP\r\n", "UP")]
    public async Task ASingleKeywordIsTheWholeRow(string stdout, string value)
    {
        _dir.FakeTool("appjail", stdout);

        var info = await Driver().GetInfoAsync("web1", ["status"], Ct);

        Assert.Equal(value, Assert.Single(info!).Value);
    }

    [Fact]
    public async Task RepeatedKeywordsAreAskedOnce()
    {
        _dir.FakeTool("appjail", "UP\tweb1\r\n");

        var info = await Driver().GetInfoAsync("web1", ["status", "name", "status"], Ct);

        Assert.Equal(["jail", "get", "-I", "-t", "--", "web1", "status", "name"], _dir.Argv("appjail"));
        Assert.Equal(2, info!.Count);
    }

    [Fact]
    public async Task InfoOfAMissingJailIsNull()
    {
        _dir.FakeTool("appjail", stderr: ColouredError, exitCode: 66);

        Assert.Null(await Driver().GetInfoAsync("ghost", ["name"], Ct));
    }

    [Fact]
    public async Task InfoFailureCarriesTheExitCode()
    {
        _dir.FakeTool("appjail", stderr: "[00:00:00] [ error ] The external interface is not configured!\n", exitCode: 78);

        var error = await Assert.ThrowsAsync<ToolFailedException>(() => Driver().GetInfoAsync("web1", ["name"], Ct));

        Assert.Equal(78, error.Result.ExitCode);
        Assert.Contains("external interface", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UP\tweb1\tthin\n", "expected 2 tab-separated fields, got 3")]
    [InlineData("STATUS\tNAME\nUP\tweb1\n", "one row")]
    public async Task UnexpectedRowsAreOutputErrors(string stdout, string fragment)
    {
        _dir.FakeTool("appjail", stdout);

        var error = await Assert.ThrowsAsync<ToolOutputException>(() => Driver().GetInfoAsync("web1", ["status", "name"], Ct));

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownKeywordsAreRefusedBeforeRunning()
    {
        // AppJail skips an unknown keyword with a warning, which would shift every later field.
        _dir.FakeTool("appjail");

        await Assert.ThrowsAsync<ArgumentException>(() => Driver().GetInfoAsync("web1", ["status", "-p"], Ct));

        Assert.False(File.Exists(_dir.File("appjail.argv")));
    }

    [Fact]
    public async Task NoKeywordsIsAnEmptyMapWithoutACall()
    {
        _dir.FakeTool("appjail");

        Assert.Empty((await Driver().GetInfoAsync("web1", [], Ct))!);
        Assert.False(File.Exists(_dir.File("appjail.argv")));
    }

    // ---- cpuset, label ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("0, 1, 2, 3\n", 0, "0, 1, 2, 3")]
    [InlineData("", 0, null)]
    [InlineData("", 66, null)]
    public async Task Cpuset(string stdout, int exitCode, string? expected)
    {
        _dir.FakeTool("appjail", stdout, exitCode == 0 && stdout.Length == 0 ? "[00:00:00] [ warn  ] web1 is not running.\n" : "", exitCode);

        Assert.Equal(expected, await Driver().GetCpusetAsync("web1", Ct));
        Assert.Equal(["cpuset", "web1"], _dir.Argv("appjail"));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(66, false)]
    public async Task AVmJailCarriesTheOverlordVmLabel(int exitCode, bool expected)
    {
        _dir.FakeTool("appjail", exitCode == 0 ? "1\n" : "", exitCode == 0 ? "" : "[00:00:00] [ error ] Label 'overlord.vm' does not exist.\n", exitCode);

        Assert.Equal(expected, await Driver().IsVmJailAsync("vm1", Ct));
        Assert.Equal(["label", "get", "-I", "-l", "overlord.vm", "--", "vm1", "value"], _dir.Argv("appjail"));
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("web1;id")]
    [InlineData("../web1")]
    [InlineData("")]
    public async Task AnInvalidJailNameNeverReachesAppJail(string jail)
    {
        _dir.FakeTool("appjail");
        var driver = Driver();

        await Assert.ThrowsAsync<ArgumentException>(() => driver.GetStatusAsync(jail, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => driver.GetInfoAsync(jail, ["name"], Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => driver.GetCpusetAsync(jail, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => driver.IsVmJailAsync(jail, Ct));
        Assert.Throws<ArgumentException>(() => driver.ReadConfItems(jail, JailConfItem.Labels, ["value"]));

        Assert.False(File.Exists(_dir.File("appjail.argv")));
    }

    // ---- jail list -------------------------------------------------------------------------------------------

    [Fact]
    public void ListJailsGivesDirectoriesInOrdinalOrder()
    {
        var jails = Directory.CreateDirectory(_dir.File("jails")).FullName;
        foreach (var name in new[] { "web2", "Web1", "db", "web10", "-bad", "a.b" })
        {
            Directory.CreateDirectory(Path.Combine(jails, name));
        }
        File.WriteAllText(Path.Combine(jails, "stray-file"), "");

        Assert.Equal(["Web1", "db", "web10", "web2"], Driver().ListJails());
    }

    [Fact]
    public void ListJailsWithoutTheDirectoryIsEmpty()
    {
        Assert.Empty(Driver(_dir.File("missing")).ListJails());
    }
}
