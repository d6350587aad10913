namespace Overlord.Service.Hosting;

/// <summary>
/// Every log event of the node, with stable event ids. None of them takes a token, a header value, an
/// environment value or a request body: only names, paths, statuses and failure kinds.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Listening on {Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(1001, LogLevel.Information, "Created a new secret key file at {Path} (mode 0400)")]
    public static partial void SecretKeyCreated(ILogger logger, string path);

    [LoggerMessage(1002, LogLevel.Information, "Created a new server id file at {Path}")]
    public static partial void ServerIdCreated(ILogger logger, string path);

    [LoggerMessage(1003, LogLevel.Information, "Node ready: {ChainCount} chain(s), labels {Labels}")]
    public static partial void Ready(ILogger logger, int chainCount, string labels);

    [LoggerMessage(1100, LogLevel.Debug, "{Method} {Path}: authentication failed ({Reason})")]
    public static partial void AuthenticationFailed(ILogger logger, string method, PathString path, string reason);

    [LoggerMessage(1101, LogLevel.Warning, "{Method} {Path}: refused, the call has already passed through this node (chain loop)")]
    public static partial void LoopRefused(ILogger logger, string method, PathString path);

    [LoggerMessage(1102, LogLevel.Warning, "{Path}: request body over {Limit} bytes refused")]
    public static partial void RequestTooLarge(ILogger logger, PathString path, long limit);

    [LoggerMessage(1200, LogLevel.Debug, "(function:{Function}, entrypoint:{Entrypoint}, chain:{Chain}) connecting")]
    public static partial void ChainConnecting(ILogger logger, string function, string entrypoint, string chain);

    [LoggerMessage(1201, LogLevel.Warning, "(function:{Function}, entrypoint:{Entrypoint}, chain:{Chain}) failed with {Status} {Error}: {Message}")]
    public static partial void ChainFailed(ILogger logger, string function, string entrypoint, string chain, int status, string error, string message);

    [LoggerMessage(1202, LogLevel.Information, "(function:{Function}, entrypoint:{Entrypoint}) refused: the chain is disabled by smart timeouts")]
    public static partial void ChainRefusedDisabled(ILogger logger, string function, string entrypoint);

    [LoggerMessage(1203, LogLevel.Warning, "{Path}: refused, the call has already been forwarded {Hops} times")]
    public static partial void TooManyHops(ILogger logger, PathString path, int hops);

    [LoggerMessage(1204, LogLevel.Warning, "(entrypoint:{Entrypoint}) the response body broke off after the headers: {Error}")]
    public static partial void ChainStreamBroken(ILogger logger, string entrypoint, string error);

    [LoggerMessage(1300, LogLevel.Warning, "Chain tree branch {Chain} failed with {Status} {Error}: {Message}")]
    public static partial void TreeBranchFailed(ILogger logger, string chain, int status, string error, string message);
}
