using System.Globalization;
using System.Text;

namespace Overlord.Core.Client;

/// <summary>Some lines of a log read by <see cref="OverlordNode.GetJailLogLinesAsync"/> or <see cref="OverlordNode.GetProjectLogLinesAsync"/>.</summary>
/// <param name="Lines">The selected lines, without line breaks.</param>
/// <param name="FirstLineNumber">The number (from 1) of the first selected line.</param>
/// <param name="TotalLines">How many lines the log has (an unterminated last line counts only when it was asked for).</param>
public sealed record LogLines(IReadOnlyList<string> Lines, long FirstLineNumber, long TotalLines);

/// <summary>
/// Reads the <c>log_content</c> string of a node's <c>{"log_content": "…"}</c> answer straight from the response
/// stream, keeping only the lines asked for, so that the last lines of a large log cost the download but not the
/// memory of the whole text.
/// </summary>
internal sealed class LogLineReader
{
    private const string ContentKey = "log_content";

    private readonly TextReader _reader;
    private readonly long _skip;
    private readonly int? _tail;
    private readonly bool _includePartial;
    private readonly LinkedList<string> _kept = new();
    private readonly StringBuilder _line = new();
    private long _count;
    private bool _found;

    private LogLineReader(TextReader reader, long skip, int? tail, bool includePartial)
    {
        _reader = reader;
        _skip = skip;
        _tail = tail;
        _includePartial = includePartial;
    }

    /// <summary>
    /// The lines of <paramref name="body"/> after the first <paramref name="skip"/>, of those the last
    /// <paramref name="tail"/> (all when null). An unterminated last line is a line only when
    /// <paramref name="includePartial"/> (a follower waits for its line break instead).
    /// </summary>
    /// <exception cref="FormatException">The body is not a JSON object with a string <c>log_content</c>.</exception>
    public static LogLines Read(Stream body, long skip, int? tail, bool includePartial, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        if (tail is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tail), tail, "The tail cannot be negative.");
        }
        // The parser reads synchronously through the StreamReader's buffer; disposing the body is what makes a
        // blocked socket read return when the caller cancels.
        using var registration = cancellationToken.Register(body.Dispose);
        try
        {
            using var text = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 16384, leaveOpen: true);
            return new LogLineReader(text, skip, tail, includePartial).Parse();
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is IOException or ObjectDisposedException)
        {
            throw new OperationCanceledException("The read was cancelled.", e, cancellationToken);
        }
    }

    private LogLines Parse()
    {
        SkipWhitespace();
        Expect('{');
        SkipWhitespace();
        if (Peek() == '}')
        {
            Next();
        }
        else
        {
            while (true)
            {
                SkipWhitespace();
                var key = ReadString(sink: false);
                SkipWhitespace();
                Expect(':');
                SkipWhitespace();
                if (key == ContentKey && Peek() == '"')
                {
                    _found = true;
                    ReadString(sink: true);
                }
                else
                {
                    SkipValue();
                }
                SkipWhitespace();
                var c = Next();
                if (c == '}')
                {
                    break;
                }
                if (c != ',')
                {
                    throw Bad($"expected ',' or '}}', found {Describe(c)}");
                }
            }
        }
        if (!_found)
        {
            throw Bad("the answer has no log_content string");
        }
        if (_includePartial && _line.Length > 0)
        {
            EndLine();
        }
        var first = _count - _kept.Count + 1;
        return new LogLines([.. _kept], _kept.Count == 0 ? _count + 1 : first, _count);
    }

    private void Sink(char c)
    {
        if (c == '\n')
        {
            EndLine();
            return;
        }
        // Only the kept lines need their text.
        if (_count >= _skip)
        {
            _line.Append(c);
        }
    }

    private void EndLine()
    {
        if (_count >= _skip && _tail != 0)
        {
            var length = _line.Length > 0 && _line[^1] == '\r' ? _line.Length - 1 : _line.Length;
            _kept.AddLast(_line.ToString(0, length));
            if (_tail is { } tail && _kept.Count > tail)
            {
                _kept.RemoveFirst();
            }
        }
        _line.Clear();
        _count++;
    }

    private string ReadString(bool sink)
    {
        Expect('"');
        var value = sink ? null : new StringBuilder();
        while (true)
        {
            var c = Next();
            if (c == '"')
            {
                return value?.ToString() ?? "";
            }
            if (c == '\\')
            {
                c = Next() switch
                {
                    '"' => '"',
                    '\\' => '\\',
                    '/' => '/',
                    'b' => '\b',
                    'f' => '\f',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'u' => (char)int.Parse(new string([Next(), Next(), Next(), Next()]), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    var other => throw Bad($"invalid escape \\{other}"),
                };
            }
            if (sink)
            {
                Sink(c);
            }
            else
            {
                value!.Append(c);
            }
        }
    }

    private void SkipValue()
    {
        var c = Peek();
        if (c == '"')
        {
            ReadString(sink: false);
            return;
        }
        if (c is '{' or '[')
        {
            var depth = 0;
            do
            {
                c = Peek();
                if (c == '"')
                {
                    ReadString(sink: false);
                    continue;
                }
                Next();
                if (c is '{' or '[')
                {
                    depth++;
                }
                else if (c is '}' or ']')
                {
                    depth--;
                }
            }
            while (depth > 0);
            return;
        }
        // A number or a literal: up to the next delimiter.
        while (Peek() is not (',' or '}' or ']') && !char.IsWhiteSpace(Peek()))
        {
            Next();
        }
    }

    private void SkipWhitespace()
    {
        while (char.IsWhiteSpace(Peek()))
        {
            Next();
        }
    }

    private void Expect(char expected)
    {
        var c = Next();
        if (c != expected)
        {
            throw Bad($"expected '{expected}', found {Describe(c)}");
        }
    }

    private char Peek()
    {
        var c = _reader.Peek();
        return c < 0 ? throw Bad("the answer ends early") : (char)c;
    }

    private char Next()
    {
        var c = _reader.Read();
        return c < 0 ? throw Bad("the answer ends early") : (char)c;
    }

    private static string Describe(char c) => $"'{c}'";

    private static FormatException Bad(string problem) => new($"The node's log answer could not be read: {problem}.");
}
