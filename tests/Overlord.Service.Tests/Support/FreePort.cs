using System.Net;
using System.Net.Sockets;

namespace Overlord.Service.Tests.Support;

/// <summary>A loopback port that was free a moment ago (for the few tests that must know ports before starting).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
