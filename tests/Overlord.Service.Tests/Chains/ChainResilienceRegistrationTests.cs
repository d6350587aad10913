using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Overlord.Service.Chains;

namespace Overlord.Service.Tests.Chains;

public sealed class ChainResilienceRegistrationTests
{
    [Fact]
    public void RegistersTheSeamsTheHeartbeatAndTheClock()
    {
        var services = new ServiceCollection().AddLogging().AddChainResilience(TestConfigs.Node(heartbeat: 30));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.Same(provider.GetRequiredService<ChainHealth>(), provider.GetRequiredService<IChainHealth>());
        Assert.IsType<ChainCallPolicy>(provider.GetRequiredService<IChainCallPolicy>());
        Assert.IsType<HttpChainPinger>(provider.GetRequiredService<IChainPinger>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.Single(provider.GetServices<IHostedService>().OfType<HeartbeatService>());
    }

    [Fact]
    public void KeepsAnEarlierPingerAndClock()
    {
        var clock = new FakeTimeProvider();
        var pinger = new NeverPinger();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<IChainPinger>(pinger)
            .AddChainResilience(TestConfigs.Node());
        using var provider = services.BuildServiceProvider();

        Assert.Same(pinger, provider.GetRequiredService<IChainPinger>());
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }

    private sealed class NeverPinger : IChainPinger
    {
        public Task<bool> PingAsync(string chain, CancellationToken ct) => Task.FromResult(false);
    }
}
