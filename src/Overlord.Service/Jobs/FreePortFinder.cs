using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using Overlord.Service.Jails;

namespace Overlord.Service.Jobs;

/// <summary>
/// <c>reserve_port</c> (upstream's <c>get_freeport</c>): a random port in the kernel's port range that no jail exposes on
/// the interface and that can be bound, listened on and connected to at the interface's address. Best effort, as
/// upstream: the port is released again before Director runs. Two fixes: the range's last port counts, and exposed
/// ports are really excluded (upstream compares AppJail's <c>hport</c> strings with integers, so it never excludes any).
/// </summary>
public sealed class FreePortFinder(IAppJail appJail, IRctl rctl)
{
    /// <summary>Random candidates tried before giving up.</summary>
    public const int MaxAttempts = 256;

    /// <summary>
    /// A free port for <paramref name="interfaceName"/>, on its first address or the first inside
    /// <paramref name="network"/> (CIDR); null when the interface has no such address or no candidate worked.
    /// </summary>
    public async Task<int?> FindAsync(string interfaceName, string? network, CancellationToken cancellationToken)
    {
        if (AddressOf(interfaceName, network) is not { } address)
        {
            return null;
        }
        var (first, last) = await rctl.GetPortRangeAsync(cancellationToken).ConfigureAwait(false);
        var used = ExposedPorts(interfaceName);
        var span = last - first + 1;
        for (var attempt = 0; attempt < Math.Min(MaxAttempts, span); attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var port = first + RandomNumberGenerator.GetInt32(span);
            if (!used.Contains(port) && await UsableAsync(address, port, cancellationToken).ConfigureAwait(false))
            {
                return port;
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="network"/> is a CIDR (<c>a.b.c.d/n</c> or an IPv6 one).</summary>
    public static bool IsNetwork(string network) => IPNetwork.TryParse(network, out _);

    /// <summary>The hports of every jail's <c>expose</c> entries on <paramref name="interfaceName"/>.</summary>
    private HashSet<int> ExposedPorts(string interfaceName)
    {
        var used = new HashSet<int>();
        foreach (var jail in appJail.ListJails())
        {
            foreach (var entry in appJail.ReadConfItems(jail, JailConfItem.Expose, ["on_if", "hport"]) ?? [])
            {
                if (entry.GetValueOrDefault("on_if") == interfaceName
                    && int.TryParse(entry.GetValueOrDefault("hport"), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                {
                    used.Add(port);
                }
            }
        }
        return used;
    }

    private static IPAddress? AddressOf(string interfaceName, string? network)
    {
        var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == interfaceName);
        if (nic is null)
        {
            return null;
        }
        var addresses = nic.GetIPProperties().UnicastAddresses.Select(a => a.Address)
            .Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);
        if (network is null)
        {
            return addresses.FirstOrDefault();
        }
        return IPNetwork.TryParse(network, out var net) ? addresses.FirstOrDefault(net.Contains) : null;
    }

    private static async Task<bool> UsableAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        try
        {
            using var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(1);
            using var client = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(new IPEndPoint(address, port), timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
