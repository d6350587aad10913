using System.Management.Automation;
using System.Text.RegularExpressions;
using Overlord.PowerShell.Cmdlets;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Tests;

/// <summary>Get-OverlordJail's -Filter and the typed objects of -Item; no node needed.</summary>
public sealed class GetOverlordJailCommandTests : IDisposable
{
    private static readonly Uri Address = new("http://127.0.0.1:8888");
    private readonly OverlordSession _session = new();

    public void Dispose() => _session.Dispose();

    [Theory]
    [InlineData("web", "myweb01", true)]
    [InlineData("^web", "myweb01", false)]
    [InlineData("^web\\d+$", "web01", true)]
    [InlineData("DB", "db01", false)]
    public void AFilterMatchesAnywhereInTheName(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, GetOverlordJailCommand.Matches([new Regex(pattern)], name));
    }

    [Fact]
    public void AnyFilterOfSeveralIsEnoughAndNoFilterKeepsAll()
    {
        Assert.True(GetOverlordJailCommand.Matches([new Regex("^db"), new Regex("01$")], "web01"));
        Assert.False(GetOverlordJailCommand.Matches([new Regex("^db"), new Regex("02$")], "web01"));
        Assert.True(GetOverlordJailCommand.Matches(null, "anything"));
    }

    [Fact]
    public void AnInvalidFilterIsATerminatingErrorNamingIt()
    {
        var run = _session.Run("try { Get-OverlordJail -Uri http://127.0.0.1:1 -Token t -Filter 'web(' } catch { $_ }");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(run.Output).BaseObject);
        Assert.Equal($"{ErrorIds.InvalidFilter},Overlord.PowerShell.Cmdlets.GetOverlordJailCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-Filter 'web('", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StatsInfoAndLabelsBecomeOneObjectPerRow()
    {
        var stats = GetOverlordJailCommand.Shape(Address, "alpha", "web", "stats", new Dictionary<string, long> { ["cputime"] = 5, ["memoryuse"] = 1024 }).ToList();
        Assert.Equal([new OverlordJailStat(Address, "alpha", "web", "cputime", 5), new OverlordJailStat(Address, "alpha", "web", "memoryuse", 1024)], stats);

        var info = GetOverlordJailCommand.Shape(Address, "", "web", "info", new Dictionary<string, string> { ["status"] = "running" }).ToList();
        Assert.Equal([new OverlordJailInfo(Address, "", "web", "status", "running")], info);

        IReadOnlyList<IReadOnlyDictionary<string, string?>> rows =
        [
            new Dictionary<string, string?> { ["name"] = "overlord.skydns", ["value"] = "1" },
            new Dictionary<string, string?> { ["name"] = "empty", ["value"] = null },
        ];
        var labels = GetOverlordJailCommand.Shape(Address, "", "web", "labels", rows).ToList();
        Assert.Equal([new OverlordJailLabel(Address, "", "web", "overlord.skydns", "1"), new OverlordJailLabel(Address, "", "web", "empty", null)], labels);
        Assert.Empty(GetOverlordJailCommand.Shape(Address, "", "web", "labels", null));
    }

    [Fact]
    public void OtherItemsKeepTheNodesValue()
    {
        var item = Assert.IsType<OverlordJailItem>(Assert.Single(GetOverlordJailCommand.Shape(Address, "", "web", "cpuset", "0, 1")));
        Assert.Equal("0, 1", item.Value);
        Assert.Equal("cpuset", item.Item);
    }
}
