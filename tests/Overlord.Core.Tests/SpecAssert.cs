using Overlord.Core.Specs;
using Overlord.Core.Validation;

namespace Overlord.Core.Tests;

/// <summary>Loads specs from text and asserts on their errors by exact position.</summary>
internal static class SpecAssert
{
    public const string Header = """
        datacenters:
          main:
            entrypoint: http://127.0.0.1:8888
            access_token: token
        deployIn:
          labels: [all]
        """;

    public static SpecLoadResult Load(string yaml, Func<string, string?>? env = null, Func<string, byte[]>? files = null, string path = "spec.yml")
    {
        var options = new SpecLoaderOptions
        {
            Environment = env ?? (_ => null),
            ReadFile = files ?? (p => throw new FileNotFoundException($"no such file: {p}")),
        };
        return SpecLoader.Parse(yaml, path, options);
    }

    public static T Valid<T>(string yaml, Func<string, string?>? env = null, Func<string, byte[]>? files = null) where T : Spec
    {
        var result = Load(yaml, env, files);
        Assert.True(result.IsValid, "expected a valid spec, got:\n" + string.Join("\n", result.Errors));
        return Assert.IsType<T>(result.Spec);
    }

    /// <summary>Asserts the spec has exactly one error and returns it.</summary>
    public static SpecError Single(string yaml, Func<string, byte[]>? files = null)
    {
        var result = Load(yaml, files: files);
        Assert.False(result.IsValid);
        Assert.Null(result.Spec);
        return Assert.Single(result.Errors);
    }

    /// <summary>Asserts that the one error is at line:column, on keyPath, with a message containing fragment.</summary>
    public static void Error(string yaml, int line, int column, string keyPath, string fragment, Func<string, byte[]>? files = null)
    {
        var result = Load(yaml, files: files);
        Assert.False(result.IsValid, "expected an invalid spec");
        var error = Assert.Single(result.Errors);
        Assert.Equal((line, column, keyPath), (error.Line, error.Column, error.KeyPath));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }
}
