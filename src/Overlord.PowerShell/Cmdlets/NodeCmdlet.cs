using System.Management.Automation;
using System.Net;
using System.Security;
using Overlord.Core.Client;
using Overlord.Core.Specs;
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

    /// <summary><see cref="StopToken"/> for the helpers of this assembly.</summary>
    internal CancellationToken StopSignal => _stop.Token;

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
        DisposeTargets();
        foreach (var node in _owned.Values)
        {
            node.Dispose();
        }
        _owned.Clear();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Lets <see cref="NodeReadCmdlet"/> free what its spec targeting made.</summary>
    private protected virtual void DisposeTargets()
    {
    }
}

/// <summary>
/// A read cmdlet that runs on one node (<c>-Uri</c>/<c>-Chain</c> or the connected node) or, with <c>-Path</c>, on every
/// node a spec reaches, as upstream's <c>get-info -f spec.yml</c>: each datacenter's entrypoint and access token,
/// the whole tree below each <c>deployIn.entrypoints</c> item, kept when its labels match <c>deployIn</c> (exclude
/// first) or always with <c>-AllLabels</c>. Subclasses implement <see cref="ProcessTarget"/>; objects they write
/// while a spec target runs carry a <c>Datacenter</c> note property.
/// </summary>
public abstract class NodeReadCmdlet : NodeCmdlet
{
    // Reference-type fields only: PowerShell loads this type while importing, before the resolver for Overlord.Core is
    // hooked, and a struct field over Core types (a tuple) would need Core to lay the type out.
    private SpecTargetResolver? _resolver;
    private string? _resolvedFile;
    private Spec? _resolvedSpec;
    private SpecTargets? _resolvedTargets;
    private string? _datacenter;

    /// <summary>
    /// A spec file (upstream's <c>-f</c>): run on every node its <c>datacenters</c> and <c>deployIn</c> reach instead of
    /// one node. Cannot be combined with <c>-Uri</c>, <c>-Token</c> or <c>-Chain</c>.
    /// </summary>
    [Parameter]
    [Alias("SpecPath")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>With <c>-Path</c>: every node of the spec's trees, whatever its labels (upstream's <c>--all-labels</c>).</summary>
    [Parameter]
    public SwitchParameter AllLabels { get; set; }

    /// <summary>The spec of <c>-Path</c> once <see cref="Targets"/> has read it; null without <c>-Path</c>.</summary>
    internal Spec? TargetSpec => _resolvedSpec;

    /// <summary>The datacenter of the spec target being run; null without <c>-Path</c>.</summary>
    internal string? CurrentDatacenter => _datacenter;

    /// <summary>Called once the spec of <c>-Path</c> is read, before its trees are walked; may stop the cmdlet.</summary>
    private protected virtual void OnSpecLoaded(Spec spec)
    {
    }

    /// <summary>Runs <see cref="ProcessTarget"/> on each target of the current record.</summary>
    protected override void ProcessRecord()
    {
        foreach (var (node, chain) in Targets())
        {
            ProcessTarget(node, chain);
        }
    }

    /// <summary>Does the cmdlet's work on one node; failures are written with <see cref="NodeCmdlet.TryRun{T}"/> and the next target runs.</summary>
    internal abstract void ProcessTarget(OverlordNode node, string chain);

    /// <summary>
    /// The nodes to run on: the one of <see cref="NodeCmdlet.Target"/>, or each node the spec of <c>-Path</c> reaches
    /// (read once per invocation). Unreachable branches are written as ChainUnreachable errors.
    /// </summary>
    internal IEnumerable<(OverlordNode Node, string Chain)> Targets()
    {
        if (Path is null)
        {
            yield return Target();
            yield break;
        }
        var resolved = Resolve();
        try
        {
            foreach (var target in resolved.Targets)
            {
                _datacenter = target.Datacenter;
                yield return (target.Node, target.Chain);
            }
        }
        finally
        {
            _datacenter = null;
        }
    }

    /// <summary>Writes <paramref name="sendToPipeline"/>, with a <c>Datacenter</c> note property while a spec target runs.</summary>
    /// <remarks>Hides <see cref="Cmdlet.WriteObject(object)"/> so that the subclasses' calls stay as they are.</remarks>
    internal new void WriteObject(object? sendToPipeline)
    {
        if (_datacenter is null || sendToPipeline is null)
        {
            base.WriteObject(sendToPipeline);
            return;
        }
        var wrapped = PSObject.AsPSObject(sendToPipeline);
        // Types made for spec targets carry Datacenter themselves.
        if (wrapped.Properties["Datacenter"] is null)
        {
            wrapped.Properties.Add(new PSNoteProperty("Datacenter", _datacenter));
        }
        base.WriteObject(wrapped);
    }

    private SpecTargets Resolve()
    {
        var bound = MyInvocation.BoundParameters;
        if (bound.ContainsKey(nameof(Uri)) || bound.ContainsKey(nameof(Token)) || bound.ContainsKey(nameof(Chain)))
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("-Path reads the nodes from the spec's datacenters; leave out -Uri, -Token and -Chain.", nameof(Path)),
                ErrorIds.PathWithNode, ErrorCategory.InvalidArgument, Path));
        }
        var files = ResolveSpecFiles([Path!], literal: false).ToList();
        if (files.Count != 1 || files[0].Error is not null)
        {
            ThrowTerminatingError(files.Select(f => f.Error).FirstOrDefault(e => e is not null) ?? new ErrorRecord(
                new PSArgumentException($"-Path '{Path}' matches {files.Count} files; give one spec.", nameof(Path)),
                ErrorIds.SpecFileNotFound, ErrorCategory.InvalidArgument, Path));
        }
        var file = files[0].FilePath!;
        if (_resolvedTargets is not null && _resolvedFile == file)
        {
            return _resolvedTargets;
        }
        var load = SpecLoader.LoadFile(file);
        if (!load.IsValid)
        {
            ThrowTerminatingError(new ErrorRecord(new SpecValidationException(load.Path, load.Kind, load.Errors), ErrorIds.InvalidSpec, ErrorCategory.InvalidData, load.Path));
        }
        OnSpecLoaded(load.Spec!);
        _resolver ??= new SpecTargetResolver();
        WriteVerbose($"Walking the trees of {file}");
        if (!TryRunResolve(load.Spec!, out var targets))
        {
            return new SpecTargets([], []);
        }
        foreach (var failure in targets.Failures)
        {
            base.WriteError(new ErrorRecord(new InvalidOperationException($"{failure.Address}: {failure.Message}"),
                ErrorIds.ChainUnreachable, ErrorCategory.ConnectionError, failure.Address));
        }
        (_resolvedFile, _resolvedSpec, _resolvedTargets) = (file, load.Spec!, targets);
        return targets;
    }

    private bool TryRunResolve(Spec spec, out SpecTargets targets)
    {
        try
        {
            targets = _resolver!.ResolveAsync(spec, AllLabels, useAutoScaleLabels: false, StopToken).GetAwaiter().GetResult();
            return true;
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (Overlord.Core.Placement.DeploymentRefusedException e)
        {
            WriteError(new ErrorRecord(e, ErrorIds.InvalidSpec, ErrorCategory.InvalidData, spec.Path));
            targets = null!;
            return false;
        }
    }

    /// <inheritdoc />
    private protected override void DisposeTargets()
    {
        _resolver?.Dispose();
        _resolver = null;
    }
}
