namespace Overlord.PowerShell;

/// <summary>
/// The ErrorIds the cmdlets use. They are public API: scripts and tests match
/// <c>FullyQualifiedErrorId</c> (<c>&lt;ErrorId&gt;,&lt;cmdlet type&gt;</c>), so a value never changes once shipped.
/// </summary>
public static class ErrorIds
{
    /// <summary>A <c>-Path</c>/<c>-LiteralPath</c> value names no existing file (ObjectNotFound).</summary>
    public const string SpecFileNotFound = "SpecFileNotFound";

    /// <summary>A <c>-Path</c>/<c>-LiteralPath</c> value names a directory, not a spec file (InvalidArgument).</summary>
    public const string SpecPathIsDirectory = "SpecPathIsDirectory";

    /// <summary>A <c>-Path</c>/<c>-LiteralPath</c> value is on a provider other than the file system (InvalidArgument).</summary>
    public const string SpecPathNotFileSystem = "SpecPathNotFileSystem";

    /// <summary>A spec file was read but is not a valid spec; the exception lists every problem (InvalidData).</summary>
    public const string InvalidSpec = "InvalidSpec";

    /// <summary>A node cmdlet got neither <c>-Uri</c>/<c>-Token</c> nor a node from <c>Connect-OverlordNode</c> (InvalidOperation).</summary>
    public const string NotConnected = "NotConnected";

    /// <summary>The node did not answer: refused connection, DNS failure, timeout (ConnectionError).</summary>
    public const string NodeUnreachable = "NodeUnreachable";

    /// <summary>
    /// The node answered an error status; the message is the node's. 401/403 PermissionDenied, 404 ObjectNotFound,
    /// anything else InvalidResult.
    /// </summary>
    public const string NodeRefused = "NodeRefused";

    /// <summary>A <c>-Name</c> without wildcards names no jail of the host (ObjectNotFound).</summary>
    public const string JailNotFound = "JailNotFound";

    /// <summary>A <c>-Name</c> without wildcards names no project of the node (ObjectNotFound).</summary>
    public const string ProjectNotFound = "ProjectNotFound";

    /// <summary>A <c>-Name</c> without wildcards names no namespace of the node (ObjectNotFound).</summary>
    public const string NamespaceNotFound = "NamespaceNotFound";

    /// <summary>A <c>-Chain</c> value is not a valid dotted chain path (InvalidArgument, terminating).</summary>
    public const string InvalidChain = "InvalidChain";

    /// <summary>A <c>readOnly</c> spec was given to New-, Remove- or Stop-OverlordDeployment (InvalidOperation; upstream exits 78).</summary>
    public const string ReadOnlySpecRefused = "ReadOnlySpecRefused";

    /// <summary>An appConfig template rendered a kind appConfig cannot deploy (InvalidOperation; upstream exits 70).</summary>
    public const string AppConfigInvalidKind = "AppConfigInvalidKind";

    /// <summary>The spec's kind is not run by this command: vmJail, metadata for Stop, autoScale projects, metadata deployments piped without their spec (InvalidOperation).</summary>
    public const string SpecKindNotSupported = "SpecKindNotSupported";

    /// <summary>
    /// One target of a deployment failed; the others went on. The category follows the cause: ConnectionError (no
    /// answer, 5xx), PermissionDenied (401), SecurityError (403), ObjectNotFound (404), InvalidData (400/422) …
    /// </summary>
    public const string DeploymentFailed = "DeploymentFailed";

    /// <summary>Wait-OverlordDeployment's <c>-Timeout</c> passed before the job ended (OperationTimeout).</summary>
    public const string DeploymentTimeout = "DeploymentTimeout";

    /// <summary>Wait-OverlordDeployment got a deployment without a job to wait for (skipped, failed or metadata; InvalidArgument).</summary>
    public const string DeploymentHasNoJob = "DeploymentHasNoJob";
}
