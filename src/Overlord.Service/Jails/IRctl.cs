namespace Overlord.Service.Jails;

/// <summary>
/// Resource accounting and kernel settings: <c>rctl -u jail:J</c> (H1), <c>sysctl -n kern.racct.enable</c> (H2) and the
/// port range <c>reserve_port</c> picks from (<c>sysctl -n net.inet.ip.portrange.first|last</c>).
/// </summary>
public interface IRctl
{
    /// <summary>Whether RACCT is on; false when the OID is missing or reads 0.</summary>
    Task<bool> IsEnabledAsync(CancellationToken cancellationToken);

    /// <summary>The jail's usage, resource → integer, in rctl's order; non-zero exit throws <see cref="Tools.ToolFailedException"/>.</summary>
    Task<IReadOnlyDictionary<string, long>> GetUsageAsync(string jail, CancellationToken cancellationToken);

    /// <summary>
    /// <c>net.inet.ip.portrange.first</c> and <c>.last</c>, both inclusive (upstream drops <c>last</c>, a bug we do not keep).
    /// A non-zero exit or a non-integer value throws <see cref="Tools.ToolException"/>.
    /// </summary>
    Task<(int First, int Last)> GetPortRangeAsync(CancellationToken cancellationToken);
}
