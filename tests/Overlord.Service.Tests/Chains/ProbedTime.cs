using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Overlord.Service.Tests.Chains;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also reports each timer it creates or re-arms, so a test can wait for the code under
/// test to start a delay or timeout and then advance the clock by exactly that much, with no real waiting.
/// </summary>
internal sealed class ProbedTime : TimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ProbedTimer(Fake.CreateTimer(callback, state, dueTime, period), this);
        Report(dueTime);
        return timer;
    }

    // A cancellation token source made with a time provider creates its timer idle and arms it later with Change.
    private void Report(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _timers.Writer.TryWrite(dueTime);
        }
    }

    public void Advance(TimeSpan by) => Fake.Advance(by);

    private sealed class ProbedTimer(ITimer inner, ProbedTime owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            owner.Report(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    /// <summary>The due time of the next timer created that <paramref name="accept"/> accepts (all when null).</summary>
    public async Task<TimeSpan> NextTimerAsync(CancellationToken ct, Func<TimeSpan, bool>? accept = null)
    {
        while (true)
        {
            var due = await _timers.Reader.ReadAsync(ct);
            if (accept is null || accept(due))
            {
                return due;
            }
        }
    }
}
