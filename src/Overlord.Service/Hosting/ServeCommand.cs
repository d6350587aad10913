using System.Net;
using Microsoft.Extensions.Options;
using Overlord.Core.Config;

namespace Overlord.Service.Hosting;

/// <summary><c>overlord-node serve</c>: builds the node, listens until Ctrl+C/SIGTERM (or the stop token), then drains.</summary>
public static class ServeCommand
{
    /// <summary>Parses <c>--listen</c>: an IP address, <c>localhost</c>, or <c>*</c> for every address (null).</summary>
    public static bool TryParseListenAddress(string text, out IPAddress? address)
    {
        address = null;
        if (text is "*" or "any")
        {
            return true;
        }
        if (text == "localhost")
        {
            address = IPAddress.Loopback;
            return true;
        }
        return IPAddress.TryParse(text.Trim('[', ']'), out address);
    }

    /// <summary>
    /// Runs the node. Exit codes: 0 after a clean shutdown; 70 when the node cannot start with this config (key
    /// file, certificate, cacert, invalid listener settings), before any port opens; 69 when a port cannot be bound.
    /// </summary>
    public static async Task<int> RunAsync(NodeConfig config, IPAddress? listen, TextWriter stderr, CancellationToken stop)
    {
        WebApplication app;
        try
        {
            app = NodeApp.Build(config, new NodeAppOptions
            {
                ListenAddress = listen,
                MinimumLogLevel = config.Debug ? LogLevel.Debug : LogLevel.Information,
            });
        }
        catch (NodeStartupException e)
        {
            stderr.WriteLine("serve: " + e.Message);
            return ExitCodes.Config;
        }
        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(stop).ConfigureAwait(false);
            }
            catch (OptionsValidationException e)
            {
                stderr.WriteLine("serve: " + e.Message);
                return ExitCodes.Config;
            }
            catch (IOException e)
            {
                stderr.WriteLine("serve: cannot listen: " + e.Message);
                return ExitCodes.Unavailable;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
            await app.WaitForShutdownAsync(stop).ConfigureAwait(false);
        }
        return ExitCodes.Ok;
    }
}
