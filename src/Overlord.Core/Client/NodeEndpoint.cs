using Overlord.Core.Placement;
using Overlord.Core.Specs;

namespace Overlord.Core.Client;

/// <summary>
/// How to reach a node again later: its address and the credentials and client settings it was first called with (a
/// spec datacenter's token, timeouts and cacert, or a plain token). The token stays inside Core: nothing public
/// returns it, so a deployment object can carry an endpoint from one cmdlet to the next without showing the token.
/// </summary>
public sealed class NodeEndpoint : IEquatable<NodeEndpoint>
{
    private readonly string _datacenter;
    private readonly DatacenterSpec _settings;

    private NodeEndpoint(Uri address, string datacenter, DatacenterSpec settings)
    {
        Address = address;
        _datacenter = datacenter;
        _settings = settings;
    }

    /// <summary>The node's base address.</summary>
    public Uri Address { get; }

    /// <summary>An endpoint for <paramref name="address"/> that sends <paramref name="token"/>, with upstream's default timeouts.</summary>
    public static NodeEndpoint Create(Uri address, string token)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new NodeEndpoint(address, "node", new DatacenterSpec { Entrypoint = address.ToString(), AccessToken = token });
    }

    /// <summary>The endpoint of a spec's datacenter (entrypoint, access_token, timeouts, cacert).</summary>
    internal static NodeEndpoint ForDatacenter(string datacenter, DatacenterSpec settings) =>
        new(DatacenterClientFactory.BaseAddress(datacenter, settings), datacenter, settings);

    /// <summary>A new client for the node; the caller disposes it.</summary>
    /// <exception cref="OverlordApiException">The client cannot be built (e.g. an unreadable cacert).</exception>
    public OverlordNode Open()
    {
        var factory = new DatacenterClientFactory();
        try
        {
            return new OverlordNode(Address, factory.GetClient(_datacenter, _settings), factory);
        }
        catch (DatacenterClientException e)
        {
            factory.Dispose();
            throw new OverlordApiException(e.Message, Address, null, e);
        }
    }

    /// <inheritdoc />
    public bool Equals(NodeEndpoint? other) => other is not null && Address == other.Address && _settings == other._settings;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as NodeEndpoint);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Address, _settings);

    /// <summary>The address only: never the token.</summary>
    public override string ToString() => Address.ToString();
}
