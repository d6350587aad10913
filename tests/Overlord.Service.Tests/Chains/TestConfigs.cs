using Overlord.Core.Config;

namespace Overlord.Service.Tests.Chains;

internal static class TestConfigs
{
    public static ChainConfig Chain(string entrypoint = "http://127.0.0.1:1") =>
        new() { Entrypoint = entrypoint, AccessToken = "test-chain-token" };

    public static NodeConfig Node(
        IReadOnlyDictionary<string, ChainConfig>? chains = null,
        AutodisableConfig? autodisable = null,
        int? heartbeat = null,
        PollingSkew? skew = null)
    {
        var defaults = NodeConfigLoader.Defaults(new NodeConfigLoaderOptions { Environment = _ => "/home/test" });
        return defaults with
        {
            Chains = chains ?? new Dictionary<string, ChainConfig>(StringComparer.Ordinal) { ["alpha"] = Chain(), ["beta"] = Chain() },
            Autodisable = autodisable ?? new AutodisableConfig(),
            Polling = defaults.Polling with { Heartbeat = heartbeat, Skew = skew ?? defaults.Polling.Skew },
        };
    }
}
