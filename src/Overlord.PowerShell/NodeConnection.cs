using Overlord.Core.Client;

namespace Overlord.PowerShell;

/// <summary>
/// The node that <c>Connect-OverlordNode</c> stored: module-level state shared by the runspaces of the process, as a
/// session default. Node cmdlets use it when they get no <c>-Uri</c>; completers read it too.
/// </summary>
internal sealed class NodeConnection(Uri uri, string token, string chain, OverlordNode node)
{
    private static readonly object Gate = new();
    private static NodeConnection? _current;

    public Uri Uri { get; } = uri;

    public string Token { get; } = token;

    public string Chain { get; } = chain;

    public OverlordNode Node { get; } = node;

    /// <summary>The connected node, if any.</summary>
    public static NodeConnection? Current
    {
        get
        {
            lock (Gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Replaces the connection; the previous one's client is disposed.</summary>
    public static void Set(NodeConnection? connection)
    {
        NodeConnection? previous;
        lock (Gate)
        {
            previous = _current;
            _current = connection;
        }
        if (previous is not null && !ReferenceEquals(previous, connection))
        {
            previous.Node.Dispose();
        }
    }
}
