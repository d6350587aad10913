namespace Overlord.Service;

/// <summary>Entry point of overlord-node.</summary>
public static class Program
{
    /// <summary>Runs the node; the HTTP service arrives with the node service issue.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: overlord-node <command>");
        return 64;
    }
}
