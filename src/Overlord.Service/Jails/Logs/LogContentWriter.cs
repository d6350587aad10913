using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Overlord.Service.Jails.Logs;

/// <summary>
/// Writes <c>{"status_code": 200, "log_content": "…"}</c> for a log of any size without holding it: the file is
/// decoded, ANSI-stripped (<see cref="SansiFilter"/>) and JSON-escaped chunk by chunk into the response. Invalid UTF-8
/// becomes U+FFFD (upstream would fail with 500).
/// </summary>
public sealed class LogContentWriter : IDisposable
{
    /// <summary>Characters decoded per chunk.</summary>
    public const int ChunkChars = 16 * 1024;

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Utf8JsonWriter _json;
    private readonly SansiFilter _filter = new();
    private readonly ArrayBufferWriter<char> _filtered = new(ChunkChars + SansiFilter.MaxEscape + 1);

    /// <summary>Starts the body on <paramref name="output"/>.</summary>
    public LogContentWriter(IBufferWriter<byte> output)
    {
        _json = new Utf8JsonWriter(output, Options);
        _json.WriteStartObject();
        _json.WriteNumber("status_code", 200);
        _json.WritePropertyName("log_content");
    }

    /// <summary>Adds a chunk of the file's text.</summary>
    public void Write(ReadOnlySpan<char> text)
    {
        _filtered.ResetWrittenCount();
        _filter.Process(text, _filtered);
        _json.WriteStringValueSegment(_filtered.WrittenSpan, isFinalSegment: false);
        _json.Flush();
    }

    /// <summary>Ends the string and the object.</summary>
    public void Complete()
    {
        _filtered.ResetWrittenCount();
        _filter.Complete(_filtered);
        _json.WriteStringValueSegment(_filtered.WrittenSpan, isFinalSegment: true);
        _json.WriteEndObject();
        _json.Flush();
    }

    /// <summary>Streams <paramref name="file"/> into <paramref name="body"/>, flushing after each chunk.</summary>
    public static async Task CopyAsync(Stream file, PipeWriter body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var reader = new StreamReader(file, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        using var writer = new LogContentWriter(body);
        var chunk = ArrayPool<char>.Shared.Rent(ChunkChars);
        try
        {
            int read;
            while ((read = await reader.ReadAsync(chunk.AsMemory(0, ChunkChars), cancellationToken).ConfigureAwait(false)) > 0)
            {
                writer.Write(chunk.AsSpan(0, read));
                await body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            writer.Complete();
            await body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chunk);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _json.Dispose();
}
