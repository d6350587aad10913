using BenchmarkDotNet.Attributes;
using Overlord.Core.Specs;

namespace Overlord.Benchmarks;

/// <summary>Parse + validate + bind of a ~200-line directorProject spec, from bytes, as the cmdlets do.</summary>
[MemoryDiagnoser]
public class SpecParseBenchmarks
{
    private byte[] _bytes = [];
    private readonly SpecLoaderOptions _options = new() { Environment = _ => null };

    [GlobalSetup]
    public void Setup() => _bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "specs", "large-project.yml"));

    [Benchmark]
    public Spec? ParseLargeDirectorProject()
    {
        var result = SpecLoader.Load(_bytes, "large-project.yml", _options);
        return result.IsValid ? result.Spec : throw new InvalidOperationException(string.Join('\n', result.Errors));
    }
}
