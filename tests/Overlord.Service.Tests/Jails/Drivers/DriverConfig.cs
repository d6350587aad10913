using Microsoft.Extensions.Logging.Abstractions;
using Overlord.Core.Config;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Tests.Jails.Drivers;

/// <summary>A node config pointing the drivers at fake tools, and the real runner to run them.</summary>
internal static class DriverConfig
{
    public static NodeConfig Create(ToolsConfig tools, string jails = "/nonexistent/jails") =>
        NodeConfigLoader.Defaults(new NodeConfigLoaderOptions { Environment = _ => "/home/test" }) with
        {
            Tools = tools,
            AppJail = new AppJailConfig { Jails = jails },
        };

    public static ToolRunner Runner() => new(TimeSpan.FromSeconds(1), NullLogger<ToolRunner>.Instance);
}
