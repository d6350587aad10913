using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Completers;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// <c>Connect-OverlordNode</c>: pings a node (and reads its labels) and stores it as the session default of the node
/// cmdlets. A failed ping is terminating and leaves the previous connection as it was.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "OverlordNode", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordConnection))]
public sealed class ConnectOverlordNodeCommand : OverlordCmdlet, IDisposable
{
    private const string DefaultSet = "Default";
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The node's address, e.g. <c>http://10.0.0.2:8888</c>.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Node")]
    [ValidateNotNull]
    public Uri Uri { get; set; } = null!;

    /// <summary>The access token, a string or a SecureString.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNull]
    public object Token { get; set; } = null!;

    /// <summary>The default chain below the node for later calls; "" or absent for the node itself.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ChainCompleter))]
    [AllowEmptyString]
    public string? Chain { get; set; }

    /// <summary>Write the connection.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!Uri.IsAbsoluteUri || (Uri.Scheme != System.Uri.UriSchemeHttp && Uri.Scheme != System.Uri.UriSchemeHttps))
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"'{Uri}' is not an http or https address."),
                "InvalidNodeUri", ErrorCategory.InvalidArgument, Uri));
        }
        var chain = Chain ?? "";
        var node = new OverlordNode(Uri, NodeCmdlet.TokenText(Token));
        IReadOnlyList<string> labels;
        try
        {
            WriteVerbose($"GET {Uri} /v1/ping, /v1/labels (chain '{chain}')");
            node.PingAsync(chain, _stop.Token).GetAwaiter().GetResult();
            labels = node.GetLabelsAsync(chain, _stop.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            node.Dispose();
            throw new PipelineStoppedException();
        }
        catch (OverlordApiException e)
        {
            node.Dispose();
            ThrowTerminatingError(NodeCmdlet.ToErrorRecord(e, Uri));
            return;
        }
        NodeConnection.Set(new NodeConnection(Uri, NodeCmdlet.TokenText(Token), chain, node));
        ChainCompleter.Forget();
        if (PassThru)
        {
            WriteObject(new OverlordConnection(Uri, chain, labels));
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>Disposes the stop token.</summary>
    public void Dispose() => _stop.Dispose();
}
