using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.Core.Specs;
using Overlord.PowerShell.Completers;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// Remove- and Stop-OverlordDeployment: besides spec files, they take a project by name on a node (piped
/// Get-OverlordProject objects bind <c>-Name</c>, <c>-Uri</c> and <c>-Chain</c> by property name) or the
/// OverlordDeployment objects New-OverlordDeployment wrote (which carry their node's credentials).
/// </summary>
public abstract class ProjectDeploymentCmdlet : DeploymentCmdlet
{
    /// <summary>The parameter set of <see cref="Name"/>.</summary>
    protected const string ProjectSet = "Project";

    /// <summary>The parameter set of <see cref="InputObject"/>.</summary>
    protected const string InputObjectSet = "InputObject";

    private readonly Dictionary<NodeEndpoint, OverlordNode> _nodes = [];

    /// <summary>Project names on the node of <c>-Uri</c> (or the connected node); binds the Name of Get-OverlordProject objects.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ProjectSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Project")]
    [ArgumentCompleter(typeof(ProjectNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    /// <summary>The node's address; without it the node of Connect-OverlordNode. Binds the Node of piped objects.</summary>
    [Parameter(ParameterSetName = ProjectSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Node")]
    [ValidateNotNull]
    public Uri? Uri { get; set; }

    /// <summary>
    /// With a spec: only these chains (dotted paths below the datacenter's entrypoint, e.g. <c>alpha.charlie</c>; ""
    /// or <c>&lt;root&gt;</c> for the entrypoint itself), upstream's <c>--filter-chain</c> / <c>--filter-root-chain</c>.
    /// With -Name: the chains below the node to act on (default: the connection's chain, or the node itself with
    /// -Uri); binds the Chain of piped project objects.
    /// </summary>
    /// <remarks>Pipeline-bound only in the project set: bound in every set, a piped project's Chain would count as a
    /// binding to the default (Path) set, which would then take the project object as a path.</remarks>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Parameter(ParameterSetName = ProjectSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ChainCompleter))]
    [AllowEmptyString]
    [AllowEmptyCollection]
    public string[]? Chain { get; set; }

    internal override string[]? Chains => Chain;

    /// <summary>The access token (string or SecureString) for <c>-Uri</c>; not needed for the connected node.</summary>
    [Parameter(ParameterSetName = ProjectSet)]
    [ValidateNotNull]
    public object? Token { get; set; }

    /// <summary>
    /// Piped spec file objects (Get-Item, Get-ChildItem). Never read: binding a file here by value selects the
    /// LiteralPath set (whose -LiteralPath then takes the file's PSPath) before a file's Name property could bind
    /// -Name, which would make the parameter set ambiguous.
    /// </summary>
    [Parameter(ParameterSetName = LiteralPathSet, ValueFromPipeline = true, DontShow = true)]
    public FileSystemInfo[]? SpecFile { get; set; }

    /// <summary>Deployments written by New-OverlordDeployment; their node is called with the credentials they were made with.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public OverlordDeployment[] InputObject { get; set; } = [];

    /// <summary>The node call of the project and input-object sets: queues the job and returns its id.</summary>
    internal abstract Task<long> SendAsync(OverlordNode node, string? chain, string project, CancellationToken cancellationToken);

    /// <summary>What the project and input-object sets report as Action: <c>down</c> or <c>cancel</c>.</summary>
    internal abstract string ProjectAction { get; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ProjectSet:
                ProcessProjects();
                break;
            case InputObjectSet:
                foreach (var deployment in InputObject)
                {
                    ProcessDeployment(deployment);
                }
                break;
            default:
                ProcessSpecFiles();
                break;
        }
    }

    private void ProcessProjects()
    {
        var connection = NodeConnection.Current;
        var uri = Uri ?? connection?.Uri;
        if (uri is null)
        {
            ThrowTerminatingError(NodeCmdlet.NotConnectedError(MyInvocation.MyCommand.Name));
        }
        string token;
        if (Token is not null)
        {
            token = NodeCmdlet.TokenText(Token);
        }
        else if (connection is not null && connection.Uri == uri)
        {
            token = connection.Token;
        }
        else
        {
            ThrowTerminatingError(NodeCmdlet.NotConnectedError(MyInvocation.MyCommand.Name, $"No token for '{uri}': give -Token or connect to it with Connect-OverlordNode."));
            return;
        }
        // As the node cmdlets: without -Uri the connection's chain is the default, with -Uri the node itself.
        var chains = Chain ?? [Uri is null ? connection!.Chain : ""];
        var endpoint = NodeEndpoint.Create(uri!, token);
        foreach (var chain in chains.Select(c => c == Deployments.RootChain ? "" : c ?? ""))
        {
            foreach (var name in Name)
            {
                var address = chain.Length == 0 ? uri!.Authority : $"{uri!.Authority}/{chain}";
                Send(endpoint, new OverlordDeployment(endpoint)
                {
                    Project = name,
                    Action = ProjectAction,
                    Chain = chain,
                    Node = uri!,
                    Address = address,
                    Status = "",
                });
            }
        }
    }

    private void ProcessDeployment(OverlordDeployment deployment)
    {
        if (deployment.Kind == SpecKinds.Metadata)
        {
            var message = $"{deployment.Address}: '{deployment.Project}' is a metadata deployment; give its spec file with -Path instead.";
            WriteError(new ErrorRecord(new InvalidOperationException(message), ErrorIds.SpecKindNotSupported, ErrorCategory.InvalidOperation, deployment));
            return;
        }
        if (deployment.Endpoint is not { } endpoint)
        {
            var message = $"{deployment.Address}: the deployment object carries no node credentials (was it deserialized?); use -Name with -Uri and -Token.";
            WriteError(new ErrorRecord(new InvalidOperationException(message), ErrorIds.NotConnected, ErrorCategory.InvalidOperation, deployment));
            return;
        }
        Send(endpoint, new OverlordDeployment(endpoint)
        {
            Project = deployment.Project,
            Kind = deployment.Kind,
            Action = ProjectAction,
            Datacenter = deployment.Datacenter,
            Chain = deployment.Chain,
            Node = deployment.Node,
            Address = deployment.Address,
            Status = "",
        });
    }

    private void Send(NodeEndpoint endpoint, OverlordDeployment pending)
    {
        if (!ShouldProcess(pending.Address, ActionText(pending.Kind ?? SpecKinds.DirectorProject, pending.Project, ProjectAction)))
        {
            return;
        }
        try
        {
            if (!_nodes.TryGetValue(endpoint, out var node))
            {
                node = endpoint.Open();
                _nodes[endpoint] = node;
            }
            var jobId = Run(c => SendAsync(node, pending.ChainArgument, pending.Project, c));
            WriteObject(pending with { JobId = jobId, Status = nameof(DeploymentOutcomeStatus.Accepted) });
        }
        catch (OverlordApiException e)
        {
            var failed = pending with { Status = nameof(DeploymentOutcomeStatus.Failed), Message = e.Message };
            WriteFailure(failed, (int?)e.StatusCode);
            WriteObject(failed);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        foreach (var node in _nodes.Values)
        {
            node.Dispose();
        }
        _nodes.Clear();
        base.Dispose();
    }
}
