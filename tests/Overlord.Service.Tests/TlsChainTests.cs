using System.Net;
using Overlord.Service.Tests.Support;

namespace Overlord.Service.Tests;

/// <summary>A child served over HTTPS with a self-signed certificate that only its parent's <c>cacert</c> trusts.</summary>
public sealed class TlsChainTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "overlord-tls-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TheCaCertOfAChainIsTrustedForThatChainOnly()
    {
        var serverPair = TestCertificates.WriteSelfSigned(_dir, "child");
        var otherPair = TestCertificates.WriteSelfSigned(_dir, "other");
        await using var child = await TestNode.StartAsync(new TestNodeSpec { Name = "child", Labels = ["all", "tls"], Tls = serverPair }, Ct);
        Assert.NotNull(child.HttpsAddress);
        await using var parent = await TestNode.StartAsync(new TestNodeSpec
        {
            Name = "parent",
            Chains = new Dictionary<string, ChainSpec>
            {
                ["trusted"] = new(child.HttpsAddress!, child.Token, $"cacert: \"{serverPair.CertFile}\""),
                ["untrusted"] = new(child.HttpsAddress!, child.Token),
                ["wrongca"] = new(child.HttpsAddress!, child.Token, $"cacert: \"{otherPair.CertFile}\""),
            },
        }, Ct);
        var api = parent.Api();

        Assert.Equal(["all", "tls"], (await api.GetChainLabelsAsync("trusted", Ct)).Labels);

        foreach (var chain in new[] { "untrusted", "wrongca" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/chain/{chain}/ping");
            request.Headers.TryAddWithoutValidation("Authentication", "Bearer " + parent.Token);
            var response = await parent.Raw().SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("\"error\":\"ConnectError\"", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ThePlainListenerKeepsServingBesideHttps()
    {
        var pair = TestCertificates.WriteSelfSigned(_dir, "node");
        await using var node = await TestNode.StartAsync(new TestNodeSpec { Name = "node", Tls = pair }, Ct);

        Assert.Equal("OK", (await node.Api().GetPingAsync(Ct)).Status);
        Assert.Equal(Uri.UriSchemeHttps, node.HttpsAddress!.Scheme);
    }
}
