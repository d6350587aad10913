using Microsoft.Extensions.DependencyInjection;
using Overlord.Core.Config;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Tests.Jails.Drivers;

public sealed class JailDriverRegistrationTests
{
    private static readonly NodeConfig Config = DriverConfig.Create(new ToolsConfig());

    [Fact]
    public void AddJailDriversRegistersTheRealDriversAsSingletons()
    {
        using var provider = new ServiceCollection().AddLogging().AddJailDrivers(Config).BuildServiceProvider();

        Assert.IsType<ToolRunner>(provider.GetRequiredService<IToolRunner>());
        Assert.IsType<AppJailDriver>(provider.GetRequiredService<IAppJail>());
        Assert.IsType<DirectorDriver>(provider.GetRequiredService<IDirector>());
        Assert.IsType<RctlDriver>(provider.GetRequiredService<IRctl>());
        Assert.Same(provider.GetRequiredService<IDirector>(), provider.GetRequiredService<IDirector>());
    }

    [Fact]
    public void RegistrationsMadeFirstWin()
    {
        var fake = new FakeRunner();
        var services = new ServiceCollection().AddLogging().AddSingleton<IToolRunner>(fake);

        using var provider = services.AddJailDrivers(Config).BuildServiceProvider();

        Assert.Same(fake, provider.GetRequiredService<IToolRunner>());
        Assert.Single(services, d => d.ServiceType == typeof(IToolRunner));
    }

    private sealed class FakeRunner : IToolRunner
    {
        public Task<ToolResult> RunAsync(ToolCommand command, CancellationToken cancellationToken) =>
            Task.FromResult(new ToolResult(0, "", "", TimeSpan.Zero));
    }
}
