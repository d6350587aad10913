namespace Overlord.Core.Chains;

/// <summary>
/// A <c>deployIn.entrypoints</c> item: a datacenter name optionally followed by a chain path,
/// <c>main</c> or <c>main.alpha.charlie</c>.
/// </summary>
/// <param name="Datacenter">The datacenter the walk starts from.</param>
/// <param name="Chain">Where below that datacenter's node the walk starts; the root for the node itself.</param>
public sealed record Entrypoint(string Datacenter, ChainPath Chain)
{
    /// <summary>Parses <c>dc[.hop...]</c>.</summary>
    public static bool TryParse(string text, out Entrypoint? entrypoint, out string? error)
    {
        entrypoint = null;
        if (!ChainPath.TryParse(text, out var path, out error))
        {
            return false;
        }
        if (path.IsRoot)
        {
            error = "an entrypoint must name a datacenter.";
            return false;
        }
        entrypoint = new Entrypoint(path.First, path.Rest);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Chain.IsRoot ? Datacenter : $"{Datacenter}.{Chain}";
}
