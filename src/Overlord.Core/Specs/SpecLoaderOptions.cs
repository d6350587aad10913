namespace Overlord.Core.Specs;

/// <summary>Where a spec load gets environment variables and included files from; tests swap both.</summary>
public sealed record SpecLoaderOptions
{
    /// <summary>The process environment and local files.</summary>
    public static SpecLoaderOptions Default { get; } = new();

    /// <summary>Looks up <c>${NAME}</c> references.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Reads a file named by the spec (the spec itself and <c>include</c> files).</summary>
    public Func<string, byte[]> ReadFile { get; init; } = File.ReadAllBytes;
}
