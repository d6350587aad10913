namespace Overlord.Core.Placement;

/// <summary>
/// A spec cannot be used for what was asked, e.g. a <c>readOnly</c> spec given to apply or destroy, or an appConfig
/// template that renders to a kind appConfig cannot deploy. Upstream exits with <see cref="ExitCode"/>.
/// </summary>
public sealed class DeploymentRefusedException : InvalidOperationException
{
    /// <summary>Upstream's EX_CONFIG.</summary>
    public const int ConfigExitCode = 78;

    /// <summary>Upstream's EX_SOFTWARE (InvalidKind).</summary>
    public const int SoftwareExitCode = 70;

    /// <summary>Creates the exception.</summary>
    public DeploymentRefusedException(string message, string errorId, int exitCode) : base(message)
    {
        ErrorId = errorId;
        ExitCode = exitCode;
    }

    /// <summary>A stable name for the condition (<c>ReadOnlySpecRefused</c>, <c>AppConfigInvalidKind</c>).</summary>
    public string ErrorId { get; }

    /// <summary>The exit code upstream uses for the same condition.</summary>
    public int ExitCode { get; }
}
