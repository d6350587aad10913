namespace Overlord.LoadGen;

/// <summary>Exact latency percentiles (nearest rank) over every recorded latency, in milliseconds.</summary>
internal sealed record LatencySummary(double P50, double P90, double P99, double Max)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0);

    /// <summary>Summarises latencies given in <see cref="System.Diagnostics.Stopwatch"/> ticks of <paramref name="frequency"/> per second.</summary>
    public static LatencySummary FromTicks(IReadOnlyCollection<long> ticks, long frequency)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        var milliseconds = ticks.Select(t => t * 1000.0 / frequency).ToArray();
        return FromMilliseconds(milliseconds);
    }

    /// <summary>Summarises latencies in milliseconds; the array is sorted in place.</summary>
    public static LatencySummary FromMilliseconds(double[] milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        if (milliseconds.Length == 0)
        {
            return Empty;
        }
        Array.Sort(milliseconds);
        return new LatencySummary(
            Percentile(milliseconds, 50),
            Percentile(milliseconds, 90),
            Percentile(milliseconds, 99),
            milliseconds[^1]);
    }

    /// <summary>The nearest-rank percentile of sorted values: the value at rank ceil(p/100 × n), 1-based.</summary>
    public static double Percentile(double[] sorted, double percentile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        // p × n first: for whole p and n it is exact, where p / 100 × n can land just above a whole number.
        var rank = (int)Math.Ceiling(percentile * sorted.Length / 100.0);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
