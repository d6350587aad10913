
namespace Overlord.Service.Tests.Support;

/// <summary>
/// The tree of the upstream transcripts: main → alpha → {bravo, charlie → delta}, each node with its own secret,
/// labels and chain tokens, started leaves first.
/// </summary>
public sealed class NodeTree : IAsyncDisposable
{
    private NodeTree()
    {
    }

    public TestNode Main { get; private set; } = null!;

    public TestNode Alpha { get; private set; } = null!;

    public TestNode Bravo { get; private set; } = null!;

    public TestNode Charlie { get; private set; } = null!;

    public TestNode Delta { get; private set; } = null!;

    public IEnumerable<TestNode> All => new[] { Main, Alpha, Bravo, Charlie, Delta }.Where(n => n is not null);

    /// <summary>Starts the five nodes; <paramref name="configure"/> may change each node's spec (by name).</summary>
    public static async Task<NodeTree> StartAsync(CancellationToken cancellationToken, Func<TestNodeSpec, TestNodeSpec>? configure = null)
    {
        configure ??= spec => spec;
        var tree = new NodeTree();
        try
        {
            tree.Delta = await TestNode.StartAsync(configure(new TestNodeSpec { Name = "delta", Labels = ["all", "delta", "db-only"] }), cancellationToken);
            tree.Bravo = await TestNode.StartAsync(configure(new TestNodeSpec { Name = "bravo", Labels = ["all", "bravo", "web"] }), cancellationToken);
            tree.Charlie = await TestNode.StartAsync(configure(new TestNodeSpec
            {
                Name = "charlie",
                Labels = ["all", "charlie"],
                Chains = new Dictionary<string, ChainSpec> { ["delta"] = tree.Delta.AsChain() },
            }), cancellationToken);
            tree.Alpha = await TestNode.StartAsync(configure(new TestNodeSpec
            {
                Name = "alpha",
                Labels = ["all", "alpha", "web"],
                Chains = new Dictionary<string, ChainSpec> { ["bravo"] = tree.Bravo.AsChain(), ["charlie"] = tree.Charlie.AsChain() },
            }), cancellationToken);
            tree.Main = await TestNode.StartAsync(configure(new TestNodeSpec
            {
                Name = "main",
                Labels = ["all", "main"],
                Chains = new Dictionary<string, ChainSpec> { ["alpha"] = tree.Alpha.AsChain() },
            }), cancellationToken);
            return tree;
        }
        catch
        {
            await tree.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in All.Reverse())
        {
            await node.DisposeAsync();
        }
    }
}

/// <summary>One shared tree for tests that only read (golden cases, the auth matrix).</summary>
public sealed class NodeTreeFixture : IAsyncLifetime
{
    public NodeTree Tree { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Tree = await NodeTree.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await Tree.DisposeAsync();
}
