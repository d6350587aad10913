using System.Net;

namespace Overlord.LoadGen;

/// <summary>
/// Keeps the load generator on this machine: a URL is accepted only when its host is <c>localhost</c>, an address in
/// 127.0.0.0/8 or <c>::1</c>, and every connection is checked again against the address actually dialled.
/// </summary>
internal static class LoopbackGuard
{
    /// <summary>Whether <paramref name="url"/> is an absolute http(s) URL whose host is a loopback name or address.</summary>
    public static bool IsLoopback(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }
        return url.HostNameType switch
        {
            UriHostNameType.Dns => string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase),
            UriHostNameType.IPv4 or UriHostNameType.IPv6 => IPAddress.TryParse(url.IdnHost, out var address) && IsLoopback(address),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="address"/> is in 127.0.0.0/8 or is <c>::1</c> (also as an IPv4-mapped address).</summary>
    public static bool IsLoopback(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return IPAddress.IsLoopback(address);
    }

    /// <summary>
    /// A connect callback for <see cref="SocketsHttpHandler"/> that resolves the host itself and dials only loopback
    /// addresses, so a <c>localhost</c> mapped elsewhere (hosts file, resolver) is refused too.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        var loopback = addresses.Where(IsLoopback).ToArray();
        if (loopback.Length == 0)
        {
            throw new HttpRequestException($"Refusing to connect to '{endpoint.Host}': it is not a loopback address.");
        }
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(loopback, endpoint.Port, cancellationToken).ConfigureAwait(false);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
