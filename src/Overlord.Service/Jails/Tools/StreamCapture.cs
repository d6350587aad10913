using System.Text;

namespace Overlord.Service.Jails.Tools;

/// <summary>
/// Reads one output pipe to its end in the background, so stdout and stderr drain at the same time and a child never
/// blocks on a full pipe. Text past <see cref="Limit"/> is read and dropped, so a runaway tool cannot exhaust memory.
/// </summary>
internal sealed class StreamCapture
{
    /// <summary>Most bytes kept per stream; far above anything AppJail or Director print.</summary>
    public const int Limit = 16 * 1024 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly MemoryStream _buffer = new();
    private readonly Lock _gate = new();

    private StreamCapture(Stream stream) => Completion = PumpAsync(stream);

    /// <summary>Completes at end of stream (or on a read error); never faults.</summary>
    public Task Completion { get; }

    /// <summary>Whether bytes beyond <see cref="Limit"/> were dropped.</summary>
    public bool Truncated { get; private set; }

    public static StreamCapture Start(Stream stream) => new(stream);

    /// <summary>What has been read so far, decoded as UTF-8 (invalid bytes become U+FFFD).</summary>
    public string Text()
    {
        lock (_gate)
        {
            return Utf8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length);
        }
    }

    private async Task PumpAsync(Stream stream)
    {
        // Yield first so the caller goes on to start the other reader and the wait at once.
        await Task.Yield();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
            {
                lock (_gate)
                {
                    var room = Limit - (int)_buffer.Length;
                    _buffer.Write(chunk, 0, Math.Min(room, read));
                    Truncated |= read > room;
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke; keep what arrived.
        }
        catch (ObjectDisposedException)
        {
            // The run was abandoned while a descendant still held the pipe open.
        }
    }
}
