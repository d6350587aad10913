namespace Overlord.Service.Chains;

/// <summary>Checks whether a direct child chain answers; used by <see cref="HeartbeatService"/>.</summary>
public interface IChainPinger
{
    /// <summary>
    /// Pings <paramref name="chain"/> (upstream: <c>GET /v1/ping</c> on the child). True when it answered with
    /// success. Implementations bound their own time and may throw; the heartbeat counts a throw as a failure.
    /// </summary>
    Task<bool> PingAsync(string chain, CancellationToken ct);
}
