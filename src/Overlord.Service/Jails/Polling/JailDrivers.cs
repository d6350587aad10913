namespace Overlord.Service.Jails.Polling;

/// <summary>
/// The drivers the pollers use, resolved on first use so that a node without them registered (no AppJail on the
/// machine, or the driver registration not wired) still starts; pollers whose driver is absent stay idle.
/// </summary>
public sealed class JailDrivers(IServiceProvider services)
{
    private readonly Lazy<IAppJail?> _appJail = new(() => services.GetService<IAppJail>());
    private readonly Lazy<IDirector?> _director = new(() => services.GetService<IDirector>());
    private readonly Lazy<IRctl?> _rctl = new(() => services.GetService<IRctl>());

    /// <summary>AppJail, or null when not registered.</summary>
    public IAppJail? AppJail => _appJail.Value;

    /// <summary>Director, or null when not registered.</summary>
    public IDirector? Director => _director.Value;

    /// <summary>rctl, or null when not registered.</summary>
    public IRctl? Rctl => _rctl.Value;
}
