namespace Overlord.Core.Specs;

internal static class DirectorProjectReader
{
    public static Spec? Read(Validation.MapReader root, SpecCommon common, SpecContext context) => null;
}
