using Overlord.Core.Specs;

namespace Overlord.Core.Tests.Specs;

/// <summary>Every spec under examples/ (the README and sandbox use them) is valid; overlord*.yml are node configs.</summary>
public sealed class ExampleSpecTests
{
    public static TheoryData<string> Examples()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Overlord.sln")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(dir.FullName, "examples"), "*.yml").Order(StringComparer.Ordinal))
        {
            if (!Path.GetFileName(file).StartsWith("overlord", StringComparison.Ordinal))
            {
                data.Add(file);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExampleIsValid(string path)
    {
        var result = SpecLoader.LoadFile(path, new SpecLoaderOptions { Environment = name => name == "OVERLORD_TOKEN" ? "t" : null });
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }
}
