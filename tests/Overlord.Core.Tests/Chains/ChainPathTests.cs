using Overlord.Core.Chains;
using Overlord.Core.Labels;

namespace Overlord.Core.Tests.Chains;

public sealed class ChainPathTests
{
    [Theory]
    [InlineData("alpha", new[] { "alpha" })]
    [InlineData("alpha.charlie.delta", new[] { "alpha", "charlie", "delta" })]
    [InlineData(" alpha . charlie ", new[] { "alpha", "charlie" })]
    [InlineData("_a-1.B_2", new[] { "_a-1", "B_2" })]
    public void ParsesAndTrimsHops(string text, string[] hops)
    {
        var path = ChainPath.Parse(text);
        Assert.Equal(hops, path.Hops);
        Assert.Equal(string.Join('.', hops), path.ToString());
    }

    [Theory]
    [InlineData("a..b", "empty hop")]
    [InlineData(".a", "empty hop")]
    [InlineData("a.", "empty hop")]
    [InlineData("-a", "not a valid chain name")]
    [InlineData("a.b c", "not a valid chain name")]
    [InlineData("a/b", "not a valid chain name")]
    public void RejectsBadPaths(string text, string fragment)
    {
        Assert.False(ChainPath.TryParse(text, out var path, out var error));
        Assert.Null(path);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ChainPath.Parse(text));
    }

    [Fact]
    public void EmptyIsTheRoot()
    {
        Assert.True(ChainPath.Parse("").IsRoot);
        Assert.Same(ChainPath.Root, ChainPath.Parse("  "));
        Assert.Throws<InvalidOperationException>(() => ChainPath.Root.First);
    }

    [Fact]
    public void FirstRestAndAppendWalkTheTree()
    {
        var path = ChainPath.Parse("alpha.charlie.delta");
        Assert.Equal("alpha", path.First);
        Assert.Equal(ChainPath.Parse("charlie.delta"), path.Rest);
        Assert.Equal(ChainPath.Root, ChainPath.Parse("delta").Rest);
        Assert.Equal(path, ChainPath.Parse("alpha.charlie").Append("delta"));
        Assert.Equal(path.GetHashCode(), ChainPath.Parse("alpha . charlie.delta").GetHashCode());
        Assert.Throws<ArgumentException>(() => path.Append("x.y"));
    }

    [Fact]
    public void EntrypointSplitsDatacenterFromChain()
    {
        Assert.True(Entrypoint.TryParse("main.alpha.charlie", out var e, out _));
        Assert.Equal(("main", "alpha.charlie"), (e!.Datacenter, e.Chain.ToString()));
        Assert.Equal("main.alpha.charlie", e.ToString());
        Assert.False(Entrypoint.TryParse("", out _, out var error));
        Assert.Contains("datacenter", error, StringComparison.Ordinal);
    }
}

public sealed class LabelMatcherTests
{
    [Theory]
    [InlineData(new[] { "all" }, new string[0], new[] { "all" }, true)]
    [InlineData(new[] { "web" }, new string[0], new[] { "all" }, false)]
    [InlineData(new[] { "web" }, new string[0], new[] { "db", "web" }, true)]
    [InlineData(new[] { "all" }, new[] { "db" }, new[] { "all", "db" }, false)]
    [InlineData(new[] { "web" }, new[] { "web" }, new[] { "web" }, false)]
    [InlineData(new[] { "web", "db" }, new[] { "edge" }, new[] { "db" }, true)]
    [InlineData(new[] { "all" }, new string[0], new string[0], false)]
    public void ExcludeWinsThenAnyLabelMatches(string[] include, string[] exclude, string[] node, bool expected) =>
        Assert.Equal(expected, new LabelMatcher(include, exclude).Matches(node));

    [Fact]
    public void DefaultsTargetEveryDefaultNode() => Assert.True(new LabelMatcher(null).Matches(["all"]));

    [Fact]
    public void ExplainSaysWhy()
    {
        var m = new LabelMatcher(["web"], ["db"]);
        Assert.Equal("excluded by label 'db'", m.Explain(["web", "db"]));
        Assert.Equal("matched by label 'web'", m.Explain(["web"]));
        Assert.Equal("no label in [web]", m.Explain(["all"]));
    }
}
