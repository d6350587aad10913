using System.Buffers;
using System.Text;
using System.Text.Json;
using Overlord.Service.Jails.Logs;

namespace Overlord.Service.Tests.Jails;

/// <summary>The streaming sansi against what upstream's Python computes for the same text.</summary>
public sealed class SansiFilterTests
{
    private static string Filter(string text, int chunk)
    {
        var filter = new SansiFilter();
        var output = new ArrayBufferWriter<char>();
        for (var i = 0; i < text.Length; i += chunk)
        {
            filter.Process(text.AsSpan(i, Math.Min(chunk, text.Length - i)), output);
        }
        filter.Complete(output);
        return output.WrittenSpan.ToString();
    }

    // Expected values are Python's: "\n".join(re.sub(r"(\x9B|\x1B\[)[0-?]*[ -\/]*[@-~]", "", l) for l in text.splitlines()),
    // after universal-newline reading.
    [Theory]
    [InlineData("", "")]
    [InlineData("a\n", "a")]
    [InlineData("a\n\n", "a\n")]
    [InlineData("a\r\nb\r\n", "a\nb")]
    [InlineData("a\rb", "a\nb")]
    [InlineData("a\r\r\nb", "a\n\nb")]
    [InlineData("\n", "")]
    [InlineData("\n\n", "\n")]
    [InlineData("\x1b[1;31mred\x1b[0m plain", "red plain")]
    [InlineData("\u009b32mgreen", "green")]
    [InlineData("x\n\x1b[0m\n", "x\n")]
    [InlineData("\x1b[12\x1b[mz", "\x1b[12z")]
    [InlineData("\x1b]0;title\x07", "\x1b]0;title\x07")]
    [InlineData("\x1b[1 q!", "!")]
    [InlineData("\x1b[ 1m", "\x1b[ 1m")]
    [InlineData("end\x1b[", "end\x1b[")]
    [InlineData("a\x1b[3\nb", "a\x1b[3\nb")]
    [InlineData("a\vb\fc\u001cd\u0085e\u2028f", "a\nb\nc\nd\ne\nf")]
    [InlineData("tab\there \"q\" \\", "tab\there \"q\" \\")]
    public void MatchesUpstream(string input, string expected)
    {
        for (var chunk = 1; chunk <= Math.Max(1, input.Length); chunk++)
        {
            Assert.Equal(expected, Filter(input, chunk));
        }
    }

    [Fact]
    public void AHugeUnfinishedEscapeIsKeptAsText()
    {
        var text = "\x1b[" + new string('1', SansiFilter.MaxEscape * 2) + "m";

        Assert.Equal(text.Length, Filter(text, 1000).Length);
    }

    [Fact]
    public void WriterProducesUpstreamsBody()
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new LogContentWriter(output))
        {
            writer.Write("\x1b[32mok\x1b[0m \"é\" 😀\r\n".AsSpan(0, 9));
            writer.Write("\x1b[32mok\x1b[0m \"é\" 😀\r\n".AsSpan(9));
            writer.Complete();
        }

        var body = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.Equal("ok \"é\" 😀", JsonDocument.Parse(body).RootElement.GetProperty("log_content").GetString());
        Assert.StartsWith("{\"status_code\":200,\"log_content\":\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public void StreamingAFiftyMegabyteLogAllocatesLittle()
    {
        var path = Path.Combine(Path.GetTempPath(), "overlord-biglog-" + Guid.NewGuid().ToString("N") + ".log");
        try
        {
            var line = Encoding.UTF8.GetBytes("\x1b[1;32m2026-01-01 00:00:00\x1b[0m started service \"web\" on port 8080 \\ ok\r\n");
            long lines = 0;
            using (var file = File.Create(path))
            {
                while (file.Length < 50L * 1024 * 1024)
                {
                    file.Write(line);
                    lines++;
                }
            }
            var sink = new CountingSink();
            var chunk = new char[LogContentWriter.ChunkChars];
            using var reader = new StreamReader(path, new UTF8Encoding(false), false, 64 * 1024);
            var before = GC.GetAllocatedBytesForCurrentThread();
            using (var writer = new LogContentWriter(sink))
            {
                int read;
                while ((read = reader.Read(chunk)) > 0)
                {
                    writer.Write(chunk.AsSpan(0, read));
                }
                writer.Complete();
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(allocated < 1024 * 1024, $"allocated {allocated} bytes for a 50 MB log");
            // "2026-01-01 00:00:00 started service \"web\" on port 8080 \\ ok" escaped, joined by \n (2 bytes escaped).
            var escapedLine = "2026-01-01 00:00:00 started service \\\"web\\\" on port 8080 \\\\ ok".Length;
            Assert.Equal("{\"status_code\":200,\"log_content\":\"".Length + (lines * escapedLine) + ((lines - 1) * 2) + 2, sink.Total);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Counts bytes written, reusing one buffer.</summary>
    private sealed class CountingSink : IBufferWriter<byte>
    {
        private byte[] _buffer = new byte[256 * 1024];

        public long Total { get; private set; }

        public void Advance(int count) => Total += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint).Span;

        private Memory<byte> Ensure(int sizeHint)
        {
            if (sizeHint > _buffer.Length)
            {
                _buffer = new byte[sizeHint];
            }
            return _buffer;
        }
    }
}
