using System.Buffers;

namespace Overlord.Service.Jails.Logs;

/// <summary>
/// Upstream's <c>sansi</c> as a streaming filter: the text is split into lines the way Python reads and splits it
/// (universal newlines, then <c>str.splitlines</c>), CSI escapes matching <c>(\x9B|\x1B\[)[0-?]*[ -/]*[@-~]</c> are
/// removed from each line, and the lines are joined with <c>\n</c> (so CRs and one final line break disappear).
/// Input may be cut anywhere: an escape, a CR LF pair or a pending line break split across chunks is handled.
/// </summary>
/// <remarks>
/// The parameter and intermediate ranges of the pattern are disjoint, so a one-pass state machine matches exactly
/// what the regex removes. An escape longer than <see cref="MaxEscape"/> characters is given up and kept as text,
/// which bounds memory for hostile files (the regex would remove it).
/// </remarks>
public sealed class SansiFilter
{
    /// <summary>The longest escape sequence that is held back while waiting for its final byte.</summary>
    public const int MaxEscape = 4096;

    private readonly char[] _escape = new char[MaxEscape];
    private int _escapeLength;
    private State _state;
    private bool _pendingBreak;
    private bool _lastWasCr;

    private enum State
    {
        Text,
        AfterEsc,
        Parameters,
        Intermediates,
    }

    /// <summary>Filters <paramref name="input"/> into <paramref name="output"/>; may hold back a few characters.</summary>
    public void Process(ReadOnlySpan<char> input, IBufferWriter<char> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var c in input)
        {
            if (_lastWasCr)
            {
                _lastWasCr = false;
                if (c == '\n')
                {
                    continue; // the LF of a CR LF pair: one line break, already counted
                }
            }
            Step(c, output);
        }
    }

    /// <summary>Ends the text: a held-back partial escape is written as text, a final line break is dropped.</summary>
    public void Complete(IBufferWriter<char> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        FlushEscape(output);
        _pendingBreak = false;
    }

    private void Step(char c, IBufferWriter<char> output)
    {
        switch (_state)
        {
            case State.AfterEsc:
                if (c == '[')
                {
                    Hold(c, State.Parameters);
                    return;
                }
                FlushEscape(output);
                break;
            case State.Parameters or State.Intermediates:
                if (c is >= '@' and <= '~')
                {
                    _escapeLength = 0; // a whole escape: drop it
                    _state = State.Text;
                    return;
                }
                if (c is >= ' ' and <= '/' || (_state == State.Parameters && c is >= '0' and <= '?'))
                {
                    if (_escapeLength == MaxEscape)
                    {
                        FlushEscape(output);
                        Text(c, output);
                        return;
                    }
                    Hold(c, c <= '/' ? State.Intermediates : State.Parameters);
                    return;
                }
                FlushEscape(output);
                break;
        }
        // Text: c starts an escape, breaks the line, or is plain text.
        if (c == '\x1B' || c == '\x9B')
        {
            WriteBreakIfPending(output);
            Hold(c, c == '\x9B' ? State.Parameters : State.AfterEsc);
            return;
        }
        Text(c, output);
    }

    private void Text(char c, IBufferWriter<char> output)
    {
        if (IsLineBreak(c))
        {
            WriteBreakIfPending(output);
            _pendingBreak = true;
            _lastWasCr = c == '\r';
            return;
        }
        WriteBreakIfPending(output);
        Write(output, c);
    }

    private void Hold(char c, State next)
    {
        _escape[_escapeLength++] = c;
        _state = next;
    }

    // A started escape that did not complete is ordinary text.
    private void FlushEscape(IBufferWriter<char> output)
    {
        if (_escapeLength > 0)
        {
            _escape.AsSpan(0, _escapeLength).CopyTo(output.GetSpan(_escapeLength));
            output.Advance(_escapeLength);
            _escapeLength = 0;
        }
        _state = State.Text;
    }

    // A line break is written only once more text follows, which drops the final one.
    private void WriteBreakIfPending(IBufferWriter<char> output)
    {
        if (_pendingBreak)
        {
            _pendingBreak = false;
            Write(output, '\n');
        }
    }

    private static void Write(IBufferWriter<char> output, char c)
    {
        output.GetSpan(1)[0] = c;
        output.Advance(1);
    }

    // Python's str.splitlines boundaries (after universal newlines turned CR and CR LF into LF).
    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\v' or '\f' or '\x1C' or '\x1D' or '\x1E' or '\x85' or '\u2028' or '\u2029';
}
