using System.Text.Json.Nodes;
using Overlord.Core.Specs;

namespace Overlord.Core.Tests.Specs;

public sealed class NamespaceMappingRulesTests
{
    [Fact]
    public void JsonItemsBecomeTheSpecsModel()
    {
        var mapping = JsonNode.Parse("""
            [{"file": "web.conf:etc/a:b.conf", "owner": "www", "group": 80, "mode": 416, "umask": 18, "prefix": "ignored"},
             {"file": ["key", "tls/key.pem"], "prefix": false},
             {"directory": "var/log", "owner": null}]
            """)!.AsArray();

        var items = NamespaceMappingRules.ParseJson(mapping, out var error);

        Assert.Null(error);
        Assert.Equal(
            [
                new NamespaceMapping { Metadata = "web.conf", Path = "etc/a:b.conf", Owner = "www", Group = "80", Mode = 416, Umask = 18 },
                new NamespaceMapping { Metadata = "key", Path = "tls/key.pem" },
                new NamespaceMapping { Path = "var/log", IsDirectory = true },
            ],
            items!);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("a/./b", true)]
    [InlineData("a..b", true)]
    [InlineData("", false)]
    [InlineData("/etc", false)]
    [InlineData("..", false)]
    [InlineData("a/../b", false)]
    [InlineData("a\0b", false)]
    [InlineData("a\nb", false)]
    public void RelativePathsStayInside(string path, bool inside) => Assert.Equal(inside, NamespaceMappingRules.IsRelativeInside(path));

    [Theory]
    [InlineData("web", true)]
    [InlineData("a.b-c_d", true)]
    [InlineData("web\n", false)]
    [InlineData("9web", false)]
    [InlineData("a..b", false)]
    [InlineData("a/b", false)]
    public void MetadataNamesAreFullMatches(string name, bool valid) => Assert.Equal(valid, NamespaceMappingRules.IsMetadataName(name));

    [Fact]
    public void BooleansAreNotModes()
    {
        var mapping = JsonNode.Parse("""[{"directory": "d", "mode": true}]""")!.AsArray();

        Assert.Null(NamespaceMappingRules.ParseJson(mapping, out var error));
        Assert.Equal("mapping[0].mode: must be an integer from 0 to 4095 (octal 7777).", error);
    }
}
