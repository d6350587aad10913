namespace Overlord.Emulators.Cli;

/// <summary>sysexits(3) codes the real tools use.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 64;
    public const int DataErr = 65;
    public const int NoInput = 66;
    public const int Unavailable = 69;
    public const int Software = 70;
    public const int CantCreat = 73;
    public const int IoErr = 74;
    public const int NoPerm = 77;
    public const int Config = 78;
}

/// <summary>Thrown to end a tool with a code after its diagnostics were written.</summary>
internal sealed class ToolExitException(int code) : Exception($"exit {code}")
{
    public int Code { get; } = code;
}
