namespace Overlord.LoadGen.Tests;

public sealed class LatencySummaryTests
{
    [Fact]
    public void NearestRankPercentilesOfOneToAHundred()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();

        var summary = LatencySummary.FromMilliseconds(values);

        Assert.Equal(new LatencySummary(50, 90, 99, 100), summary);
    }

    [Fact]
    public void NearestRankPercentilesOfOneToTen()
    {
        var summary = LatencySummary.FromMilliseconds([3, 1, 2, 10, 9, 8, 7, 6, 5, 4]);

        // ranks ceil(5) = 5, ceil(9) = 9, ceil(9.9) = 10
        Assert.Equal(new LatencySummary(5, 9, 10, 10), summary);
    }

    [Fact]
    public void ASingleLatencyIsEveryPercentile() =>
        Assert.Equal(new LatencySummary(7, 7, 7, 7), LatencySummary.FromMilliseconds([7]));

    [Fact]
    public void NoLatenciesGiveZeros() =>
        Assert.Equal(LatencySummary.Empty, LatencySummary.FromMilliseconds([]));

    [Fact]
    public void TicksAreConvertedWithTheirFrequency() =>
        Assert.Equal(new LatencySummary(2, 4, 4, 4), LatencySummary.FromTicks([1_000, 2_000, 3_000, 4_000], frequency: 1_000_000));
}
