using Overlord.Core.Specs;

namespace Overlord.Core.Tests.Placement;

internal static class PlacementSpecs
{
    /// <summary>Loads a valid spec of any kind.</summary>
    public static Spec Load(string yaml, Func<string, string?>? env = null)
    {
        var result = SpecAssert.Load(yaml, env);
        Assert.True(result.IsValid, "expected a valid spec, got:\n" + string.Join("\n", result.Errors));
        return result.Spec!;
    }
}
