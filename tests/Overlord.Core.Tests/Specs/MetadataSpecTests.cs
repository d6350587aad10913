using System.Text;
using Overlord.Core.Specs;
using static Overlord.Core.Tests.SpecAssert;

namespace Overlord.Core.Tests.Specs;

public sealed class MetadataSpecTests
{
    private const string Kind = "kind: metadata\n";
    private static readonly string Base = Kind + Header + "\n";

    private static Func<string, byte[]> Files(params (string Name, string Text)[] files) => path =>
    {
        foreach (var (name, text) in files)
        {
            if (Path.GetFileName(path) == name)
            {
                return Encoding.UTF8.GetBytes(text);
            }
        }
        throw new FileNotFoundException($"Could not find file '{path}'.");
    };

    [Fact]
    public void MetadataWithPrefixAndNamespace()
    {
        var spec = Valid<MetadataSpec>(Base + """
            metadataPrefix: web
            metadata:
              index.html: <h1>hi</h1>
              nginx.conf: "worker_processes 1;"
            namespace:
              name: web.files
              mapping:
                - file: "index.html:www/index.html"
                  owner: www
                  group: 80
                  mode: 0644
                - file: [nginx.conf, etc/nginx.conf]
                  prefix: false
                - file: "index.html:copy.html"
                  prefix: other
                - directory: www/static
                  mode: 0755
                  umask: 022
            """);
        Assert.Equal("web", spec.MetadataPrefix);
        Assert.Equal(["web.index.html", "web.nginx.conf"], spec.PrefixedMetadata.Select(kv => kv.Key).Order());
        var ns = spec.Namespace!;
        Assert.Equal("web.files", ns.Name);
        Assert.Equal(4, ns.Mapping.Count);
        Assert.Equal(("index.html", "www/index.html", "web", "www", "80", 420L), (ns.Mapping[0].Metadata, ns.Mapping[0].Path, ns.Mapping[0].Prefix, ns.Mapping[0].Owner, ns.Mapping[0].Group, ns.Mapping[0].Mode));
        Assert.Equal(("nginx.conf", "etc/nginx.conf", (string?)null), (ns.Mapping[1].Metadata, ns.Mapping[1].Path, ns.Mapping[1].Prefix));
        Assert.Equal("other", ns.Mapping[2].Prefix);
        Assert.True(ns.Mapping[3].IsDirectory);
        Assert.Equal((493L, 18L), (ns.Mapping[3].Mode, ns.Mapping[3].Umask));
    }

    [Fact]
    public void PrefixIsIgnoredWithoutMetadataPrefix()
    {
        var spec = Valid<MetadataSpec>(Base + "metadata: {a: b}\nnamespace:\n  name: n\n  mapping:\n    - file: 'a:x'\n      prefix: p\n");
        Assert.Null(spec.Namespace!.Mapping[0].Prefix);
    }

    [Fact]
    public void IncludesMergeInOrderOverInlineMetadata()
    {
        var files = Files(("one.yml", "a: from-one\nb: from-one\n"), ("two.yml", "b: from-two\nc: from-two\n"));
        var spec = Valid<MetadataSpec>(Base + "metadata:\n  a: inline\n  z: inline\ninclude: [one.yml, two.yml]\n", files: files);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "from-one", ["b"] = "from-two", ["c"] = "from-two", ["z"] = "inline" }, spec.Metadata);
        Assert.All(spec.Include, p => Assert.True(Path.IsPathRooted(p)));
    }

    [Fact]
    public void IncludesWithoutInlineMetadataKeepTheirKeys()
    {
        // Upstream loses these keys when the spec has no inline metadata; we keep them.
        var spec = Valid<MetadataSpec>(Base + "include: [one.yml]\n", files: Files(("one.yml", "a: b\n")));
        Assert.Equal("b", spec.Metadata["a"]);
    }

    [Fact]
    public void MissingIncludeIsAnErrorAtTheItem() =>
        Error(Base + "include: [nope.yml]\n", 8, 11, "include[0]", "cannot read the included file");

    [Fact]
    public void IncludeErrorsNameTheIncludedFile()
    {
        var result = Load(Base + "include: [bad.yml]\n", files: Files(("bad.yml", "ok: yes-string\nBad Key: x\nn: 5\n")));
        Assert.False(result.IsValid);
        Assert.Equal(3, result.Errors.Count);
        Assert.Equal(("spec.yml", 8, 11, "include[0]"), (result.Errors[0].File, result.Errors[0].Line, result.Errors[0].Column, result.Errors[0].KeyPath));
        Assert.EndsWith("bad.yml", result.Errors[1].File, StringComparison.Ordinal);
        Assert.Equal((2, 1, "Bad Key"), (result.Errors[1].Line, result.Errors[1].Column, result.Errors[1].KeyPath));
        Assert.Equal((3, 4, "n"), (result.Errors[2].Line, result.Errors[2].Column, result.Errors[2].KeyPath));
    }

    [Fact]
    public void IncludeMustHoldAMap() =>
        Assert.Contains("expected a map of metadata names", Load(Base + "include: [l.yml]\n", files: Files(("l.yml", "- a\n"))).Errors[^1].Message, StringComparison.Ordinal);

    [Fact]
    public void MetadataKeysFollowTheRule() => Error(Base + "metadata:\n  9lives: x\n", 9, 3, "metadata.9lives", "metadata names are");

    [Fact]
    public void MetadataValuesAreStrings() => Error(Base + "metadata:\n  port: 80\n", 9, 9, "metadata.port", "quote it if you mean the text: '80'");

    [Fact]
    public void MetadataMustBeAMap() => Error(Base + "metadata: [a]\n", 8, 11, "metadata", "expected a map of metadata names to strings, got a list");

    [Fact]
    public void MetadataPrefixFollowsTheRule() => Error(Base + "metadataPrefix: 'a b'\n", 8, 17, "metadataPrefix", "metadata names are");

    [Fact]
    public void NamespaceNeedsName() => Error(Base + "namespace:\n  mapping: [{directory: d}]\n", 9, 3, "namespace.name", "the required key 'name' is missing");

    [Fact]
    public void NamespaceNeedsMapping() => Error(Base + "namespace:\n  name: n\n", 9, 3, "namespace.mapping", "the required key 'mapping' is missing");

    [Fact]
    public void NamespaceMappingNotEmpty() => Error(Base + "namespace:\n  name: n\n  mapping: []\n", 10, 12, "namespace.mapping", "must not be an empty list");

    [Fact]
    public void MappingNeedsFileOrDirectory() => Error(Base + "namespace:\n  name: n\n  mapping:\n    - mode: 1\n", 11, 7, "namespace.mapping[0].file", "neither is set");

    [Fact]
    public void MappingTakesOnlyOne() => Error(Base + "namespace:\n  name: n\n  mapping:\n    - file: 'a:b'\n      directory: d\n", 12, 18, "namespace.mapping[0].directory", "not both");

    [Fact]
    public void FileNeedsMetadataAndPath() => Error(Base + "namespace:\n  name: n\n  mapping:\n    - file: just-a-path\n", 11, 13, "namespace.mapping[0].file", "'metadata:path/in/namespace'");

    [Fact]
    public void FileListHasTwoItems() => Error(Base + "namespace:\n  name: n\n  mapping:\n    - file: [a]\n", 11, 13, "namespace.mapping[0].file", "got 1 items");

    [Theory]
    [InlineData("'a:/etc/passwd'")]
    [InlineData("'a:../../x'")]
    [InlineData("'a:www/../../x'")]
    [InlineData("'a:'")]
    public void FilePathsStayInsideTheNamespace(string file) =>
        Error(Base + $"namespace:\n  name: n\n  mapping:\n    - file: {file}\n", 11, 13, "namespace.mapping[0].file", "must be a relative path inside the namespace");

    [Fact]
    public void DirectoryPathsStayInsideTheNamespace() =>
        Error(Base + "namespace:\n  name: n\n  mapping:\n    - directory: /tmp\n", 11, 18, "namespace.mapping[0].directory", "must be a relative path");

    [Fact]
    public void OwnerIsANameOrId() => Error(Base + "namespace:\n  name: n\n  mapping:\n    - directory: d\n      owner: [1]\n", 12, 14, "namespace.mapping[0].owner", "expected a name or a numeric id, got a list");

    [Fact]
    public void ModeIsAnInteger() => Error(Base + "namespace:\n  name: n\n  mapping:\n    - directory: d\n      mode: rwx\n", 12, 13, "namespace.mapping[0].mode", "expected an integer");

    [Fact]
    public void PrefixIsStringOrBool() => Error(Base + "metadataPrefix: p\nnamespace:\n  name: n\n  mapping:\n    - file: 'a:b'\n      prefix: 1\n", 13, 15, "namespace.mapping[0].prefix", "expected a string or a boolean");

    [Fact]
    public void MappingRejectsUnknownKeys() => Error(Base + "namespace:\n  name: n\n  mapping:\n    - directory: d\n      perms: 1\n", 12, 7, "namespace.mapping[0].perms", "unknown key 'perms'");

    [Fact]
    public void NamespaceNameFollowsTheRule() => Error(Base + "namespace:\n  name: a/b\n  mapping: [{directory: d}]\n", 9, 9, "namespace.name", "metadata names are");
}

public sealed class AppConfigSpecTests
{
    private static readonly string Base = "kind: appConfig\n" + Header + "\n";

    [Fact]
    public void AppConfigIsRead()
    {
        var spec = Valid<AppConfigSpec>(Base + "appName: blog\nappFrom: apps.blog\nappConfig:\n  replicas: '2'\n  domain: example.org\n");
        Assert.Equal(("blog", "apps.blog"), (spec.AppName, spec.AppFrom));
        Assert.Equal("2", spec.AppConfig["replicas"]);
    }

    [Fact]
    public void AppNameIsRequired() => Error(Base + "appFrom: a\n", 1, 1, "appName", "the required key 'appName' is missing");

    [Fact]
    public void AppFromIsRequired() => Error(Base + "appName: a\n", 1, 1, "appFrom", "the required key 'appFrom' is missing");

    [Fact]
    public void AppFromIsAMetadataName() => Error(Base + "appName: a\nappFrom: a/b\n", 9, 10, "appFrom", "metadata names are");

    [Fact]
    public void AppConfigValuesAreStrings() => Error(Base + "appName: a\nappFrom: b\nappConfig:\n  replicas: 2\n", 11, 13, "appConfig.replicas", "expected a string");

    [Fact]
    public void AppConfigRejectsOtherKeys() => Error(Base + "appName: a\nappFrom: b\nprojectName: c\n", 10, 1, "projectName", "unknown key 'projectName'");
}
