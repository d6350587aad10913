namespace Overlord.Service;

/// <summary>Process exit codes, from sysexits(3) as upstream uses them.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>EX_USAGE: unknown command or bad arguments.</summary>
    public const int Usage = 64;

    /// <summary>EX_UNAVAILABLE: the command exists but cannot run here.</summary>
    public const int Unavailable = 69;

    /// <summary>EX_SOFTWARE: upstream's exit code for a config it cannot load.</summary>
    public const int Config = 70;
}
