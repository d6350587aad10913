namespace Overlord.Core.Specs;

internal static class MetadataReader
{
    public static Spec? Read(Validation.MapReader root, SpecCommon common, SpecContext context) => null;
}
