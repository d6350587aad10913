namespace Overlord.Service.Jails;

/// <summary>Resource accounting: <c>rctl -u jail:J</c> (H1) and <c>sysctl -n kern.racct.enable</c> (H2).</summary>
public interface IRctl
{
    /// <summary>Whether RACCT is on; false when the OID is missing or reads 0.</summary>
    Task<bool> IsEnabledAsync(CancellationToken cancellationToken);

    /// <summary>The jail's usage, resource → integer, in rctl's order; non-zero exit throws <see cref="Tools.ToolFailedException"/>.</summary>
    Task<IReadOnlyDictionary<string, long>> GetUsageAsync(string jail, CancellationToken cancellationToken);
}
