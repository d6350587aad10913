using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Completers;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Connects the session to an Overlord node, so that the node cmdlets need no -Uri and -Token.</summary>
/// <remarks>
/// <para>
/// Pings the node (<c>/v1/ping</c>) and reads its labels with the given token; when both answer, the node, the token
/// and the chain become the session's default for every node cmdlet (Get-OverlordLabel, Get-OverlordChain,
/// Get-OverlordMetadata, ...). A later Connect-OverlordNode replaces the connection; Disconnect-OverlordNode forgets it.
/// The connection belongs to the process, like Connect-AzAccount's context: runspaces of the same process
/// (ForEach-Object -Parallel, Start-ThreadJob) share it; a new pwsh process starts unconnected.
/// </para>
/// <para>
/// Upstream's <c>overlord</c> CLI has no such command: it reads the entrypoint and access token of each datacenter
/// from the spec file on every call. The token is the one <c>overlord-node gen-token</c> (upstream:
/// <c>overlord gen-token</c>) prints for the node's secret key.
/// </para>
/// <para>
/// A failed ping is a terminating error (NodeUnreachable when the node does not answer, NodeRefused with the HTTP
/// status when it refuses the token) and leaves the previous connection as it was. The address must be http or https
/// (InvalidNodeUri). Nothing is written unless -PassThru is given.
/// </para>
/// </remarks>
/// <example title="Connect to a node">
/// <code>PS> Connect-OverlordNode -Uri http://127.0.0.1:8888 -Token (Get-Content ./token)
/// PS> Get-OverlordLabel
///
/// Node                   Chain Name
/// ----                   ----- ----
/// http://127.0.0.1:8888/       all
/// http://127.0.0.1:8888/       desktop</code>
/// <para>Connects to the node on port 8888 with the token saved in ./token; the next node cmdlets call that node.</para>
/// </example>
/// <example title="Connect to a chain below the node">
/// <code>PS> Connect-OverlordNode -Uri http://127.0.0.1:8888 -Token (Get-Content ./token) -Chain alpha -PassThru
///
/// Node                   Chain Labels
/// ----                   ----- ------
/// http://127.0.0.1:8888/ alpha all, web, alpha</code>
/// <para>
/// Connects through the node to its child chain alpha and writes the connection: later calls address alpha unless
/// they give -Chain, and Labels are alpha's labels.
/// </para>
/// </example>
/// <example title="A token the node refuses">
/// <code>PS> Connect-OverlordNode -Uri http://127.0.0.1:8888 -Token nope
/// Connect-OverlordNode: 401 from http://127.0.0.1:8888/v1/ping: Error while decoding the JWT.</code>
/// <para>A wrong token is a terminating NodeRefused error; the session keeps its previous connection.</para>
/// </example>
/// <seealso cref="DisconnectOverlordNodeCommand"/>
/// <seealso cref="GetOverlordLabelCommand"/>
[Cmdlet(VerbsCommunications.Connect, "OverlordNode", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordConnection))]
public sealed class ConnectOverlordNodeCommand : OverlordCmdlet, IDisposable
{
    private const string DefaultSet = "Default";
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The node's address, e.g. <c>http://10.0.0.2:8888</c> (http or https; 8888 is the node's default port).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Node")]
    [ValidateNotNull]
    public Uri Uri { get; set; } = null!;

    /// <summary>The node's access token (a JWT from <c>overlord-node gen-token</c>), as a string or a SecureString.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNull]
    public object Token { get; set; } = null!;

    /// <summary>
    /// The default chain below the node for later calls, as a dotted path of chain names (<c>alpha</c>,
    /// <c>alpha.charlie</c>); "" or absent for the node itself. The ping and labels check that it is reachable.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ChainCompleter))]
    [AllowEmptyString]
    public string? Chain { get; set; }

    /// <summary>Write the connection (node, chain and the labels of the addressed node); without it nothing is written.</summary>
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
