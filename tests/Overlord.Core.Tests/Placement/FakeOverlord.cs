using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Overlord.Core.Api;
using Overlord.Core.Placement;
using Overlord.Core.Specs;
using Refit;

namespace Overlord.Core.Tests.Placement;

/// <summary>A node of a fake chain tree.</summary>
internal sealed class FakeNode
{
    public FakeNode(params string[] labels) => Labels = labels;

    public string[] Labels { get; }

    /// <summary>Children by chain name, in config order.</summary>
    public List<(string Name, FakeNode Node)> Children { get; } = [];

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>The node does not answer at all.</summary>
    public bool Down { get; set; }

    /// <summary>An upstream node: no tree route (404 Not Found).</summary>
    public bool Upstream { get; set; }

    /// <summary>GET chains fails (labels still work).</summary>
    public bool ChainsFail { get; set; }

    public FakeNode Add(string name, FakeNode child)
    {
        Children.Add((name, child));
        return this;
    }
}

/// <summary>
/// An <see cref="IOverlordApi"/> over a <see cref="FakeNode"/> tree, built with <see cref="DispatchProxy"/> so that
/// routes added to the interface later do not break it. Only the routes the planner uses are served; chain calls go
/// through every hop like the real router (a down hop answers 503, an unknown one 404).
/// </summary>
internal class FakeOverlord : DispatchProxy
{
    private FakeNode _root = null!;

    public List<string> Calls { get; } = [];

    public static (IOverlordApi Api, FakeOverlord Fake) Create(FakeNode root)
    {
        var api = DispatchProxy.Create<IOverlordApi, FakeOverlord>();
        var fake = (FakeOverlord)(object)api;
        fake._root = root;
        return (api, fake);
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        var name = method!.Name;
        var resultType = method.ReturnType.GetGenericArguments()[0];
        string? chain = name.StartsWith("GetChain", StringComparison.Ordinal) && name != "GetChainsAsync" && name != "GetChainsTreeAsync"
            ? (string)args![0]!
            : null;
        Calls.Add(chain is null ? name : $"{name}({chain})");
        try
        {
            var node = Resolve(chain);
            if (name.Contains("Tree", StringComparison.Ordinal) && PathNodes(chain).Any(n => n.Upstream))
            {
                // An upstream hop knows no tree route, wherever it is on the path.
                throw Error(HttpStatusCode.NotFound, """{"status_code": 404, "message": "Not Found"}""");
            }
            object value = name switch
            {
                "GetLabelsAsync" or "GetChainLabelsAsync" => new LabelsReply(200, node.Labels),
                "GetChainsAsync" or "GetChainChainsAsync" => node.ChainsFail
                    ? throw Error(HttpStatusCode.InternalServerError, """{"status_code": 500, "message": "Internal Server Error"}""")
                    : new ChainsReply(200, node.Children.Select(c => c.Name).ToList()),
                "GetChainsTreeAsync" or "GetChainChainsTreeAsync" => Tree(node),
                "GetMetadataAsync" => Metadata(node, (string)args![0]!),
                "GetChainMetadataAsync" => Metadata(node, (string)args![1]!),
                _ => throw new NotSupportedException(name),
            };
            return typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(resultType).Invoke(null, [value]);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException)
        {
            return typeof(Task).GetMethods().Single(m => m.Name == nameof(Task.FromException) && m.IsGenericMethod)
                .MakeGenericMethod(resultType).Invoke(null, [e]);
        }
    }

    private FakeNode Resolve(string? chain)
    {
        if (_root.Down)
        {
            throw new HttpRequestException("Connection refused");
        }
        var node = _root;
        if (chain is null)
        {
            return node;
        }
        var hops = chain.Split('.');
        for (var i = 0; i < hops.Length; i++)
        {
            var next = node.Children.Where(c => c.Name == hops[i]).Select(c => c.Node).FirstOrDefault();
            if (next is null)
            {
                throw Error(HttpStatusCode.NotFound, $$"""{"status_code": 404, "message": "Next entrypoint '{{hops[i]}}' cannot be found."}""");
            }
            if (next.Down)
            {
                throw Error(HttpStatusCode.ServiceUnavailable, $$"""{"status_code": 503, "function": "get_api_labels", "entrypoint": "{{hops[i]}}", "chain": "", "error": "ConnectError", "message": "Connection refused"}""");
            }
            node = next;
        }
        return node;
    }

    private IEnumerable<FakeNode> PathNodes(string? chain)
    {
        var node = _root;
        yield return node;
        foreach (var hop in chain?.Split('.') ?? [])
        {
            node = node.Children.First(c => c.Name == hop).Node;
            yield return node;
        }
    }

    private static ChainTreeReply Tree(FakeNode node)
    {
        return new ChainTreeReply(200, node.Labels, Children(node));
    }

    private static List<ChainTreeNode> Children(FakeNode node) =>
        node.Children.Select(c => c.Node.Down
            ? new ChainTreeNode(c.Name, null, null, new ChainTreeError(503, "ConnectError", "Connection refused"))
            : new ChainTreeNode(c.Name, c.Node.Labels, Children(c.Node), null)).ToList();

    private static MetadataReply Metadata(FakeNode node, string key) =>
        node.Metadata.TryGetValue(key, out var value)
            ? new MetadataReply(200, value)
            : throw Error(HttpStatusCode.NotFound, """{"status_code": 404, "message": "Metadata cannot be found."}""");

    public static ApiException Error(HttpStatusCode status, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://fake/v1/x");
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json"), RequestMessage = request };
        return ApiException.Create(request, HttpMethod.Get, response, OverlordClient.Settings).GetAwaiter().GetResult();
    }
}

/// <summary>Datacenters by name, each a fake tree.</summary>
internal sealed class FakeClients : IDatacenterClientFactory
{
    private readonly Dictionary<string, (IOverlordApi Api, FakeOverlord Fake)> _byName = new(StringComparer.Ordinal);

    public FakeClients Add(string datacenter, FakeNode root)
    {
        _byName[datacenter] = FakeOverlord.Create(root);
        return this;
    }

    public FakeOverlord Fake(string datacenter) => _byName[datacenter].Fake;

    public IOverlordApi GetClient(string datacenter, DatacenterSpec spec) =>
        _byName.TryGetValue(datacenter, out var c) ? c.Api : throw new DatacenterClientException($"no fake for {datacenter}");

    /// <summary>The transcripts' tree: main → alpha → {bravo, charlie → delta}.</summary>
    public static (FakeNode Main, FakeNode Alpha, FakeNode Bravo, FakeNode Charlie, FakeNode Delta) Transcripts()
    {
        var delta = new FakeNode("all", "delta", "db-only");
        var charlie = new FakeNode("all", "charlie").Add("delta", delta);
        var bravo = new FakeNode("all", "bravo", "web");
        var alpha = new FakeNode("all", "alpha", "web").Add("bravo", bravo).Add("charlie", charlie);
        var main = new FakeNode("all", "main").Add("alpha", alpha);
        return (main, alpha, bravo, charlie, delta);
    }
}
