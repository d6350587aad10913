using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using Overlord.Core.Config;
using Overlord.Service.Jails;

namespace Overlord.Service.Tests.Jails.Drivers;

/// <summary><see cref="IAppJail.ReadConfItems"/> over a temp jail layout (contract §5.6).</summary>
[SupportedOSPlatform("linux")]
public sealed class JailConfItemsTests : IDisposable
{
    private readonly ScriptDirectory _dir = new();
    private readonly string _jails;
    private readonly AppJailDriver _driver;

    public JailConfItemsTests()
    {
        _jails = Directory.CreateDirectory(_dir.File("jails")).FullName;
        Directory.CreateDirectory(Path.Combine(_jails, "web1", "jail"));
        _driver = new AppJailDriver(DriverConfig.Create(new ToolsConfig { AppJail = "/nonexistent/appjail" }, _jails), DriverConfig.Runner(), NullLogger<AppJailDriver>.Instance);
    }

    public void Dispose() => _dir.Dispose();

    private string Conf(string relative) => Path.Combine(_jails, "web1", "conf", relative);

    /// <summary>Writes <c>conf/RELATIVE</c>, creating its directories.</summary>
    private void Write(string relative, string content)
    {
        var path = Conf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private IReadOnlyList<IReadOnlyDictionary<string, string?>>? Read(JailConfItem item, params string[] keywords) =>
        _driver.ReadConfItems("web1", item, keywords);

    [Fact]
    public void NumberedEntriesAreOrderedByNumberAndNonNumericOnesSkipped()
    {
        foreach (var id in new[] { "10", "2", "0", "abc", "1x", "007" })
        {
            Write($"boot/devfs/{id}/enabled", "1\n");
        }
        Write("boot/devfs/2/rule", "path 'bpf*' unhide\n");

        var items = Read(JailConfItem.Devfs, "enabled", "rule", "name")!;

        Assert.Equal(["0", "2", "7", "10"], items.Select(i => i["nro"]));
        var second = items[1];
        Assert.Equal(["enabled", "rule", "name", "nro"], second.Keys); // keywords first, then the id, as upstream
        Assert.Equal(("1", "path 'bpf*' unhide", (string?)null), (second["enabled"], second["rule"], second["name"]));
    }

    [Fact]
    public void OnlyOneTrailingNewlineIsRemovedAndEmptyMeansNull()
    {
        Write("boot/limits/0/rule", "memoryuse:deny=512M\n");
        Write("boot/limits/0/per", "");
        Write("boot/limits/0/name", "\n");
        Write("boot/limits/0/action", "deny\n\n");
        Write("boot/limits/0/resource", "memoryuse");

        var item = Assert.Single(Read(JailConfItem.Limits, "rule", "per", "name", "action", "resource", "enabled")!);

        Assert.Equal("memoryuse:deny=512M", item["rule"]);
        Assert.Null(item["per"]);
        Assert.Null(item["name"]);
        Assert.Equal("deny\n", item["action"]);
        Assert.Equal("memoryuse", item["resource"]);
        Assert.Null(item["enabled"]); // missing file
    }

    [Fact]
    public void ExposeRuleReadsPfRule()
    {
        Write("boot/expose/0/hport", "8080\n");
        Write("boot/expose/0/pf-rule", "rdr pass on \"em0\" inet proto tcp from any to (\"em0:0\") port 8080 -> 10.0.0.3 port 80\n");

        var item = Assert.Single(Read(JailConfItem.Expose, "hport", "rule")!);

        Assert.Equal("8080", item["hport"]);
        Assert.Equal("rdr pass on \"em0\" inet proto tcp from any to (\"em0:0\") port 8080 -> 10.0.0.3 port 80", item["rule"]);
    }

    [Fact]
    public void FstabKeywordsReadTheFsFilesIncludingPass()
    {
        string[] files = ["fs_spec", "fs_file", "fs_vfstype", "fs_mntops", "fs_freq", "fs_passno", "enabled", "name"];
        string[] values = ["/data/app", "/app/data", "nullfs", "rw", "0", "2", "1", "data"];
        for (var i = 0; i < files.Length; i++)
        {
            Write($"boot/fstab/0/{files[i]}", values[i] + "\n");
        }

        var item = Assert.Single(Read(JailConfItem.Fstab, PollingKeywordLists.Fstab.ToArray())!);

        // Upstream's "pass" always read a file named "pass" (a comparison where it meant an assignment).
        Assert.Equal(
            ["1", "data", "/data/app", "/app/data", "nullfs", "rw", "0", "2", "0"],
            new[] { "enabled", "name", "device", "mountpoint", "type", "options", "dump", "pass", "nro" }.Select(k => item[k]));
    }

    [Fact]
    public void HealthchecksComeFromBootHealth()
    {
        Write("boot/health/0/status", "healthy\n");
        Write("boot/health/0/health_cmd", "appjail status -q %j\n");

        var item = Assert.Single(Read(JailConfItem.Healthcheck, "status", "health_cmd")!);

        Assert.Equal(("healthy", "appjail status -q %j", "0"), (item["status"], item["health_cmd"], item["nro"]));
    }

    [Fact]
    public void LabelsAndVolumesAreNamedAndSortedOrdinally()
    {
        Write("labels/overlord.vm/value", "1");
        Write("labels/appjail.dns.alt-name/value", "web");
        Write("volumes/data/mountpoint", "/volumes/data");
        Write("volumes/data/type", "<pseudofs>");

        var labels = Read(JailConfItem.Labels, "value")!;
        var volume = Assert.Single(Read(JailConfItem.Volumes, "name", "mountpoint", "type", "uid")!);

        Assert.Equal([("appjail.dns.alt-name", "web"), ("overlord.vm", "1")], labels.Select(l => (l["name"], l["value"])));
        // "name" is also a volume keyword; as upstream, the id wins.
        Assert.Equal(("data", "/volumes/data", "<pseudofs>", (string?)null), (volume["name"], volume["mountpoint"], volume["type"], volume["uid"]));
    }

    [Fact]
    public void NatRuleReadsPfNatConfPerNetwork()
    {
        Write("boot/nat/ajnet/pf-nat.conf", "nat on \"em0\" from 10.0.0.3 to any -> (\"em0:0\")\n");

        var item = Assert.Single(Read(JailConfItem.Nat, "rule")!);

        Assert.Equal([new("rule", "nat on \"em0\" from 10.0.0.3 to any -> (\"em0:0\")"), new KeyValuePair<string, string?>("network", "ajnet")], item);
    }

    [Fact]
    public void AMissingNamespaceIsNullAndAnEmptyOneIsEmpty()
    {
        Directory.CreateDirectory(Conf("boot/expose"));

        Assert.Null(Read(JailConfItem.Devfs, "enabled"));
        Assert.Empty(Read(JailConfItem.Expose, "hport")!);
        Assert.Null(_driver.ReadConfItems("ghost", JailConfItem.Labels, ["value"]));
    }

    [Fact]
    public void NoKeywordsGivesEmptyEntriesAsUpstream()
    {
        Write("boot/devfs/0/enabled", "1\n");

        Assert.Empty(Assert.Single(Read(JailConfItem.Devfs)!));
    }

    [Fact]
    public void KeywordsOutsideTheItemsListAreRefused()
    {
        Write("boot/devfs/0/enabled", "1\n");

        Assert.Throws<ArgumentException>(() => Read(JailConfItem.Devfs, "../../../../etc/passwd"));
        Assert.Throws<ArgumentException>(() => Read(JailConfItem.Labels, "name"));
    }

    [Fact]
    public void SymlinksLeadingOutsideTheConfDirectoryAreNotFollowed()
    {
        var outside = Directory.CreateDirectory(_dir.File("outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "value"), "secret\n");
        File.WriteAllText(Path.Combine(outside, "enabled"), "secret\n");
        Write("labels/good/value", "ok");
        Directory.CreateSymbolicLink(Conf("labels/evil"), outside);
        Directory.CreateDirectory(Conf("labels/leaky"));
        File.CreateSymbolicLink(Conf("labels/leaky/value"), Path.Combine(outside, "value"));
        Directory.CreateDirectory(Conf("labels/inside"));
        File.CreateSymbolicLink(Conf("labels/inside/value"), Conf("labels/good/value"));
        Directory.CreateDirectory(Conf("boot"));
        Directory.CreateSymbolicLink(Conf("boot/devfs"), outside);

        var labels = Read(JailConfItem.Labels, "value")!;

        Assert.Equal([("good", "ok"), ("inside", "ok"), ("leaky", null)], labels.Select(l => (l["name"], l["value"])));
        Assert.Null(Read(JailConfItem.Devfs, "enabled"));
    }

    [Fact]
    public void ARedirectedConfDirectoryIsNotRead()
    {
        var outside = Directory.CreateDirectory(_dir.File("elsewhere")).FullName;
        Directory.CreateDirectory(Path.Combine(outside, "labels", "x"));
        File.WriteAllText(Path.Combine(outside, "labels", "x", "value"), "secret");
        Directory.CreateSymbolicLink(Path.Combine(_jails, "web1", "conf"), outside);

        Assert.Null(Read(JailConfItem.Labels, "value"));
    }
}
