using System.Management.Automation;
using System.Net;
using System.Security;
using Overlord.Core.Client;
using Overlord.PowerShell.Completers;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// Plumbing of the cmdlets that talk to a node: <c>-Uri</c>/<c>-Token</c>/<c>-Chain</c> or the connected node, the
/// stop token that <see cref="StopProcessing"/> cancels, synchronous waits on the pipeline thread and the mapping of
/// failed calls to ErrorRecords.
/// </summary>
public abstract class NodeCmdlet : OverlordCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, OverlordNode> _owned = new(StringComparer.Ordinal);

    /// <summary>The node's address; without it the node of <c>Connect-OverlordNode</c> is used.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Node")]
    [ValidateNotNull]
    public Uri? Uri { get; set; }

    /// <summary>The access token (string or SecureString) for <c>-Uri</c>; not needed when it is the connected node.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Token { get; set; }

    /// <summary>The dotted chain below the node (<c>alpha.charlie</c>); "" for the node itself. Defaults to the connection's chain.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ChainCompleter))]
    [AllowEmptyString]
    public string? Chain { get; set; }

    /// <summary>Cancelled when the pipeline is stopped (Ctrl+C).</summary>
    protected CancellationToken StopToken => _stop.Token;

    /// <inheritdoc />
    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>The node to call and the chain to address for the current record; null after writing NotConnected as terminating.</summary>
    internal (OverlordNode Node, string Chain) Target()
    {
        var connection = NodeConnection.Current;
        // -Token alone means "the connected node, with this token".
        var uri = Uri ?? connection?.Uri;
        if (uri is null)
        {
            ThrowTerminatingError(NotConnectedError(MyInvocation.MyCommand.Name));
        }
        var defaultChain = Uri is null ? connection!.Chain : "";
        if (Token is null)
        {
            if (connection is not null && connection.Uri == uri)
            {
                return (connection.Node, Chain ?? connection.Chain);
            }
            ThrowTerminatingError(NotConnectedError(MyInvocation.MyCommand.Name, $"No token for '{uri}': give -Token or connect to it with Connect-OverlordNode."));
        }
        var token = TokenText(Token!);
        var key = uri + "\n" + token;
        if (!_owned.TryGetValue(key, out var node))
        {
            node = new OverlordNode(uri!, token);
            _owned[key] = node;
        }
        return (node, Chain ?? defaultChain);
    }

    /// <summary>The NotConnected ErrorRecord.</summary>
    internal static ErrorRecord NotConnectedError(string command, string? message = null) =>
        new(new InvalidOperationException(message ?? $"{command}: no node. Run Connect-OverlordNode first, or give -Uri and -Token."),
            ErrorIds.NotConnected, ErrorCategory.InvalidOperation, null);

    /// <summary>The text of a string or SecureString token.</summary>
    internal static string TokenText(object token) => (token is PSObject ps ? ps.BaseObject : token) switch
    {
        string s => s,
        SecureString secure => new NetworkCredential(string.Empty, secure).Password,
        var other => throw new PSArgumentException($"-Token must be a string or a SecureString, not {other.GetType().Name}."),
    };

    /// <summary>
    /// Waits for <paramref name="call"/> on the pipeline thread. A failed call is written as an ErrorRecord with
    /// <paramref name="target"/> and yields false; a stop becomes <see cref="PipelineStoppedException"/>.
    /// </summary>
    internal bool TryRun<T>(Func<CancellationToken, Task<T>> call, object? target, out T result)
    {
        try
        {
            result = call(StopToken).GetAwaiter().GetResult();
            return true;
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (OverlordApiException e)
        {
            WriteError(ToErrorRecord(e, target));
            result = default!;
            return false;
        }
    }

    /// <summary><see cref="TryRun{T}"/> for calls without a result.</summary>
    internal bool TryRun(Func<CancellationToken, Task> call, object? target) =>
        TryRun(async c => { await call(c).ConfigureAwait(false); return true; }, target, out _);

    /// <summary>The one mapping of failed calls to ErrorRecords.</summary>
    internal static ErrorRecord ToErrorRecord(OverlordApiException e, object? target)
    {
        if (e.StatusCode is not { } status)
        {
            return new ErrorRecord(e, ErrorIds.NodeUnreachable, ErrorCategory.ConnectionError, target);
        }
        var category = status switch
        {
            HttpStatusCode.Unauthorized => ErrorCategory.PermissionDenied,
            HttpStatusCode.Forbidden => ErrorCategory.SecurityError,
            HttpStatusCode.NotFound => ErrorCategory.ObjectNotFound,
            _ => ErrorCategory.InvalidResult,
        };
        var record = new ErrorRecord(e, ErrorIds.NodeRefused, category, target);
        record.ErrorDetails = new ErrorDetails($"{(int)status} from {e.Address}: {e.Message}");
        return record;
    }

    /// <summary>Disposes the stop token and the clients made for <c>-Uri</c>.</summary>
    public void Dispose()
    {
        foreach (var node in _owned.Values)
        {
            node.Dispose();
        }
        _owned.Clear();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
