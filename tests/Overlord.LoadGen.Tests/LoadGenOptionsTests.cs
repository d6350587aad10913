namespace Overlord.LoadGen.Tests;

public sealed class LoadGenOptionsTests
{
    [Fact]
    public void ParsesEveryOption()
    {
        Assert.True(LoadGenOptions.TryParse(
            ["--url", "http://127.0.0.1:8888/v1/ping", "--header", "Authentication: Bearer abc", "--header", "X-A:b",
             "--concurrency", "16", "--duration", "2.5", "--warmup", "1", "--timeout", "3", "--json"],
            out var options,
            out var error));

        Assert.Null(error);
        Assert.Equal(new Uri("http://127.0.0.1:8888/v1/ping"), options!.Url);
        Assert.Equal([new("Authentication", "Bearer abc"), new("X-A", "b")], options.Headers);
        Assert.Equal(16, options.Concurrency);
        Assert.Null(options.Requests);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.Duration);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Warmup);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timeout);
        Assert.True(options.Json);
    }

    [Fact]
    public void DefaultsToOneWorkerAndPlainText()
    {
        Assert.True(LoadGenOptions.TryParse(["--url", "http://localhost:1/", "--requests", "10"], out var options, out _));

        Assert.Equal(1, options!.Concurrency);
        Assert.Equal(10, options.Requests);
        Assert.Equal(TimeSpan.Zero, options.Warmup);
        Assert.False(options.Json);
    }

    [Theory]
    [InlineData("exactly one", "--url", "http://127.0.0.1/")]
    [InlineData("exactly one", "--url", "http://127.0.0.1/", "--requests", "1", "--duration", "1")]
    [InlineData("--url is required", "--requests", "1")]
    [InlineData("refused", "--url", "http://192.168.1.1/", "--requests", "1")]
    [InlineData("--concurrency", "--url", "http://127.0.0.1/", "--requests", "1", "--concurrency", "0")]
    [InlineData("--requests", "--url", "http://127.0.0.1/", "--requests", "-5")]
    [InlineData("--duration", "--url", "http://127.0.0.1/", "--duration", "0")]
    [InlineData("--header", "--url", "http://127.0.0.1/", "--requests", "1", "--header", "no-colon")]
    [InlineData("needs a value", "--url", "http://127.0.0.1/", "--requests")]
    [InlineData("unknown argument", "--url", "http://127.0.0.1/", "--requests", "1", "--post")]
    public void RejectsBadCommandLines(string expected, params string[] args)
    {
        Assert.False(LoadGenOptions.TryParse(args, out var options, out var error));

        Assert.Null(options);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
