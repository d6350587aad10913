namespace Overlord.Service;

/// <summary>Entry point of overlord-node.</summary>
public static class Program
{
    /// <summary>Runs one overlord-node command against the process environment and console.</summary>
    public static int Main(string[] args) =>
        CommandLine.Run(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable);
}
