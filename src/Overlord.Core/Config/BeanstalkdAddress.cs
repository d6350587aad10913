using System.Globalization;
using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>
/// <c>beanstalkd_addr</c>: <c>host:port</c>, a bare <c>host</c> (port 11300), <c>[ipv6]:port</c> or
/// <c>unix:&lt;path&gt;</c>. Accepted for compatibility; this node does not use beanstalkd. Upstream turns a bare
/// host into an unusable address (the host wrapped in a list); we give it the default port.
/// </summary>
[JsonConverter(typeof(BeanstalkdAddressJsonConverter))]
public sealed record BeanstalkdAddress
{
    /// <summary>The port used when none is given.</summary>
    public const int DefaultPort = 11300;

    /// <summary><c>127.0.0.1:11300</c>.</summary>
    public static BeanstalkdAddress Default { get; } = new() { Host = "127.0.0.1", Port = DefaultPort };

    /// <summary>Host name or IP address; null for a unix socket.</summary>
    public string? Host { get; init; }

    /// <summary>TCP port; 0 for a unix socket.</summary>
    public int Port { get; init; }

    /// <summary>Socket path; null for TCP.</summary>
    public string? UnixSocket { get; init; }

    /// <summary>The address in the form it is written in the config file.</summary>
    public override string ToString() => UnixSocket is not null
        ? "unix:" + UnixSocket
        : Host!.Contains(':', StringComparison.Ordinal)
            ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses the config form; on failure returns false and a sentence saying why.</summary>
    public static bool TryParse(string text, out BeanstalkdAddress? address, out string? error)
    {
        address = null;
        error = null;
        if (text.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = text["unix:".Length..];
            if (path.Length == 0)
            {
                error = "'unix:' must be followed by the socket path.";
                return false;
            }
            address = new BeanstalkdAddress { UnixSocket = path };
            return true;
        }
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 < text.Length && text[close + 1] != ':')
            {
                error = "write an IPv6 address as '[address]:port'.";
                return false;
            }
            host = text[1..close];
            port = close + 1 < text.Length ? text[(close + 2)..] : null;
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            (host, port) = (text[..colon], text[(colon + 1)..]);
        }
        else
        {
            // No colon: a bare host. Several colons: a bare IPv6 address.
            host = text;
        }
        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            error = "expected 'host:port', 'host' or 'unix:<path>'.";
            return false;
        }
        var number = DefaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
        {
            error = $"the port '{port}' is not a number between 1 and 65535.";
            return false;
        }
        address = new BeanstalkdAddress { Host = host, Port = number };
        return true;
    }
}
