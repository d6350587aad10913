using System.Text;
using Overlord.Core.Validation;
using Overlord.Core.Yaml;

namespace Overlord.Core.Tests.Yaml;

public sealed class YamlDocumentLoaderTests
{
    private static (YNode? Root, Diagnostics Diag) Load(string text, Func<string, string?>? env = null)
    {
        var diag = new Diagnostics("f.yml");
        return (YamlDocumentLoader.Load(text, diag, env ?? (_ => null)), diag);
    }

    private static (YNode? Root, Diagnostics Diag) LoadBytes(byte[] bytes)
    {
        var diag = new Diagnostics("f.yml");
        return (YamlDocumentLoader.Load(bytes, diag, _ => null), diag);
    }

    private static SpecError OnlyError((YNode? Root, Diagnostics Diag) loaded) => Assert.Single(loaded.Diag.Errors);

    private static YScalar Value(string yaml) => Assert.IsType<YScalar>(Assert.IsType<YMapping>(Load(yaml).Root).Find("v"));

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n# and another\n")]
    [InlineData("---\n# nothing\n")]
    public void EmptyFilesAreOneClearError(string text)
    {
        var error = OnlyError(Load(text));
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
        Assert.Equal((1, 1), (error.Line, error.Column));
    }

    [Fact]
    public void NulByteIsReportedWhereItIs()
    {
        var error = OnlyError(LoadBytes(Encoding.UTF8.GetBytes("a: 1\nbb: x\0y\n")));
        Assert.Equal((2, 6), (error.Line, error.Column));
        Assert.Contains("U+0000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8IsReportedWhereItIs()
    {
        var bytes = Encoding.UTF8.GetBytes("kind: x\nname: ab").Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        var error = OnlyError(LoadBytes(bytes));
        Assert.Equal((2, 9), (error.Line, error.Column));
        Assert.Contains("0xC3", error.Message, StringComparison.Ordinal);
        Assert.Contains("not UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomBinaryIsAnErrorNotAnException()
    {
        var random = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(1, 512)];
            random.NextBytes(bytes);
            var (_, diag) = LoadBytes(bytes);
            Assert.True(diag.HasErrors);
        }
    }

    [Fact]
    public void Utf16WithByteOrderMarkIsRead()
    {
        var bytes = new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes("v: hello")).ToArray();
        var (root, diag) = LoadBytes(bytes);
        Assert.False(diag.HasErrors);
        Assert.Equal("hello", Assert.IsType<YScalar>(Assert.IsType<YMapping>(root).Find("v")).Text);
    }

    [Fact]
    public void Utf8ByteOrderMarkIsSkipped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("v: 1")).ToArray();
        var (root, diag) = LoadBytes(bytes);
        Assert.False(diag.HasErrors);
        Assert.Equal(new SourceMark(1, 4), Assert.IsType<YMapping>(root).Find("v")!.Mark);
    }

    [Fact]
    public void OversizedFileIsRefusedBeforeParsing()
    {
        var error = OnlyError(LoadBytes(new byte[YamlDocumentLoader.MaxBytes + 1]));
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SyntaxErrorHasItsPosition()
    {
        var error = OnlyError(Load("a: 1\nb: [1, 2\nc: 3\n"));
        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void TabIndentationIsASyntaxError()
    {
        var error = OnlyError(Load("a:\n\tb: 1\n"));
        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void DuplicateKeysAreAllReportedWithTheFirstPosition()
    {
        var (_, diag) = Load("a: 1\nb: 2\na: 3\nb:\n  c: 1\n");
        Assert.Collection(diag.Errors,
            e => Assert.Equal((3, 1, "duplicate key 'a' (first defined at line 1, column 1)."), (e.Line, e.Column, e.Message)),
            e => Assert.Equal((4, 1, "duplicate key 'b' (first defined at line 2, column 1)."), (e.Line, e.Column, e.Message)));
    }

    [Fact]
    public void SecondDocumentIsRefused()
    {
        var error = OnlyError(Load("a: 1\n---\nb: 2\n"));
        Assert.Equal(2, error.Line);
        Assert.Contains("more than one YAML document", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AliasBombIsStopped()
    {
        var sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            sb.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }
        var error = OnlyError(Load(sb.ToString()));
        Assert.Contains("more than 1,000,000 nodes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNestingIsStopped()
    {
        var text = new string('[', 500) + new string(']', 500);
        var error = OnlyError(Load("v: " + text));
        Assert.Contains("nests deeper", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownAliasIsAnError()
    {
        var error = OnlyError(Load("a: *nope\n"));
        Assert.Equal((1, 4), (error.Line, error.Column));
    }

    [Fact]
    public void MergeKeysApplyWithExplicitKeysWinning()
    {
        var (root, diag) = Load("base: &b\n  x: 1\n  y: 2\nchild:\n  <<: *b\n  y: 3\n");
        Assert.False(diag.HasErrors);
        var child = Assert.IsType<YMapping>(Assert.IsType<YMapping>(root).Find("child"));
        Assert.Equal("1", Assert.IsType<YScalar>(child.Find("x")).Text);
        Assert.Equal("3", Assert.IsType<YScalar>(child.Find("y")).Text);
    }

    [Theory]
    [InlineData("yes", ScalarKind.Bool, true)]
    [InlineData("Off", ScalarKind.Bool, false)]
    [InlineData("TRUE", ScalarKind.Bool, true)]
    [InlineData("0755", ScalarKind.Int, 493L)]
    [InlineData("0x1F", ScalarKind.Int, 31L)]
    [InlineData("0b101", ScalarKind.Int, 5L)]
    [InlineData("1_000", ScalarKind.Int, 1000L)]
    [InlineData("-12", ScalarKind.Int, -12L)]
    [InlineData("1:30", ScalarKind.Int, 90L)]
    [InlineData("1.5", ScalarKind.Float, 1.5)]
    [InlineData("1e5", ScalarKind.String, "1e5")]
    [InlineData("1.0e+5", ScalarKind.Float, 100000.0)]
    [InlineData("2024-01-31", ScalarKind.Timestamp, "2024-01-31")]
    [InlineData("~", ScalarKind.Null, null)]
    [InlineData("null", ScalarKind.Null, null)]
    [InlineData("hello", ScalarKind.String, "hello")]
    [InlineData("'yes'", ScalarKind.String, "yes")]
    [InlineData("\"0755\"", ScalarKind.String, "0755")]
    [InlineData("!!str 12", ScalarKind.String, "12")]
    [InlineData("!!int '12'", ScalarKind.Int, 12L)]
    public void ScalarsResolveLikePyYaml(string text, ScalarKind kind, object? value)
    {
        var scalar = Value("v: " + text);
        Assert.Equal(kind, scalar.Kind);
        Assert.Equal(value, scalar.Value);
    }

    [Fact]
    public void HugeIntegerIsAnIntWithoutValue()
    {
        var scalar = Value("v: 123456789012345678901234567890");
        Assert.Equal(ScalarKind.Int, scalar.Kind);
        Assert.Null(scalar.Value);
    }

    [Fact]
    public void UnsupportedTagIsAnError()
    {
        var error = OnlyError(Load("v: !!python/object:os.system echo\n"));
        Assert.Contains("not supported", error.Message, StringComparison.Ordinal);
        Assert.Equal((1, 4), (error.Line, error.Column));
    }

    [Fact]
    public void EnvTagAndPlainReferencesExpand()
    {
        var env = new Dictionary<string, string> { ["HOST"] = "10.0.0.1", ["PORT"] = "8888" };
        var (root, diag) = Load("a: !ENV 'http://${HOST}:${PORT}'\nb: ${HOST}\nc: '${HOST}'\nd: ${NOPE:fallback}\ne: ${NOPE}\nf: !ENV ${PORT}\n", n => env.GetValueOrDefault(n));
        Assert.False(diag.HasErrors);
        var map = Assert.IsType<YMapping>(root);
        string Text(string key) => Assert.IsType<YScalar>(map.Find(key)).Text;
        Assert.Equal("http://10.0.0.1:8888", Text("a"));
        Assert.Equal("10.0.0.1", Text("b"));
        Assert.Equal("${HOST}", Text("c")); // quoted scalars need the tag, as in pyaml_env
        Assert.Equal("fallback", Text("d"));
        Assert.Equal("", Text("e"));
        var f = Assert.IsType<YScalar>(map.Find("f"));
        Assert.Equal(ScalarKind.String, f.Kind); // expansion always gives a string
        Assert.Equal("8888", f.Text);
    }

    [Fact]
    public void MarksAreOneBased()
    {
        var map = Assert.IsType<YMapping>(Load("a:\n  b:   x\n").Root);
        var inner = Assert.IsType<YMapping>(map.Find("a"));
        Assert.Equal(new SourceMark(2, 3), inner.Entries[0].Key.Mark);
        Assert.Equal(new SourceMark(2, 8), inner.Find("b")!.Mark);
    }
}
