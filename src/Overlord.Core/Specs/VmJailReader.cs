namespace Overlord.Core.Specs;

// Placeholder replaced by the vmJail model in this same change.
internal static class VmJailReader
{
    public static Spec? Read(Validation.MapReader root, SpecCommon common, SpecContext context) => null;
}
