using System.Text;
using System.Text.Json;
using Overlord.Core.Client;

namespace Overlord.Core.Tests.Client;

public sealed class LogLineReaderTests
{
    private static MemoryStream Body(string content, string? before = null, string? after = null)
    {
        var json = "{" + (before is null ? "" : before + ", ") + "\"log_content\": " + JsonSerializer.Serialize(content) + (after is null ? "" : ", " + after) + "}";
        return new MemoryStream(Encoding.UTF8.GetBytes(json));
    }

    private static LogLines Read(Stream body, long skip = 0, int? tail = null, bool partial = true) =>
        LogLineReader.Read(body, skip, tail, partial, CancellationToken.None);

    [Fact]
    public void ReadsEveryLineWithoutBreaks()
    {
        var lines = Read(Body("one\r\ntwo\nthree\n"));

        Assert.Equal(["one", "two", "three"], lines.Lines);
        Assert.Equal(1, lines.FirstLineNumber);
        Assert.Equal(3, lines.TotalLines);
    }

    [Fact]
    public void KeepsTheLastLinesAndTheirNumbers()
    {
        var text = string.Concat(Enumerable.Range(1, 1000).Select(i => $"line {i}\n"));

        var lines = Read(Body(text), tail: 3);

        Assert.Equal(["line 998", "line 999", "line 1000"], lines.Lines);
        Assert.Equal(998, lines.FirstLineNumber);
        Assert.Equal(1000, lines.TotalLines);
    }

    [Fact]
    public void AnUnterminatedLastLineCountsOnlyWhenAskedFor()
    {
        Assert.Equal(["a", "b"], Read(Body("a\nb"), partial: true).Lines);

        var follower = Read(Body("a\nb"), partial: false);
        Assert.Equal(["a"], follower.Lines);
        Assert.Equal(1, follower.TotalLines);
    }

    [Fact]
    public void SkipsTheLinesAlreadySeen()
    {
        var lines = Read(Body("a\nb\nc\nd\n"), skip: 2, partial: false);

        Assert.Equal(["c", "d"], lines.Lines);
        Assert.Equal(3, lines.FirstLineNumber);
        Assert.Equal(4, lines.TotalLines);
    }

    [Fact]
    public void TailZeroKeepsNothingButCounts()
    {
        var lines = Read(Body("a\nb\n"), tail: 0);

        Assert.Empty(lines.Lines);
        Assert.Equal(2, lines.TotalLines);
    }

    [Fact]
    public void DecodesEscapesAndSkipsOtherMembers()
    {
        var lines = Read(Body("tab\there \"quoted\" \\ é \U0001F600\n", before: "\"status_code\": 200, \"x\": {\"a\": [1, \"}\"]}", after: "\"y\": null"));

        Assert.Equal(["tab\there \"quoted\" \\ é \U0001F600"], lines.Lines);
    }

    [Fact]
    public void AnEmptyLogHasNoLines()
    {
        var lines = Read(Body(""));

        Assert.Empty(lines.Lines);
        Assert.Equal(0, lines.TotalLines);
    }

    [Theory]
    [InlineData("{\"message\": \"x\"}")]
    [InlineData("[1]")]
    [InlineData("{\"log_content\": \"cut")]
    [InlineData("{\"log_content\": 5}")]
    public void ABodyWithoutAStringLogContentIsAFormatError(string json)
    {
        Assert.Throws<FormatException>(() => Read(new MemoryStream(Encoding.UTF8.GetBytes(json))));
    }
}
