namespace Overlord.LoadGen.Tests;

public sealed class LoopbackGuardTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8888/v1/ping")]
    [InlineData("http://127.9.8.7/")]
    [InlineData("https://127.0.0.1/")]
    [InlineData("http://[::1]:8080/")]
    [InlineData("http://localhost:1/")]
    [InlineData("http://LOCALHOST/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    public void LoopbackUrlsAreAccepted(string url) => Assert.True(LoopbackGuard.IsLoopback(new Uri(url)));

    [Theory]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://128.0.0.1/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://[::2]/")]
    [InlineData("http://[::]/")]
    [InlineData("http://node.example/")]
    [InlineData("http://localhost.node.example/")]
    [InlineData("http://127.0.0.1.node.example/")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("file:///tmp/x")]
    public void OtherUrlsAreRefused(string url) => Assert.False(LoopbackGuard.IsLoopback(new Uri(url)));

    [Fact]
    public async Task TheCommandRefusesANonLoopbackUrlBeforeSendingAnything()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await LoadGenCommand.RunAsync(
            ["--url", "http://10.1.2.3:8888/v1/ping", "--requests", "1"], stdout, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(LoadGenCommand.UsageError, code);
        Assert.Contains("refused", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(stdout.ToString());
    }
}
