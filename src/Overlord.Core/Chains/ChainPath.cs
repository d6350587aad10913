using System.Diagnostics.CodeAnalysis;

namespace Overlord.Core.Chains;

/// <summary>
/// A path down the chain tree such as <c>alpha.charlie.delta</c>: each hop is a chain name configured on the node
/// before it. The empty path is the node itself (upstream calls it the root chain).
/// </summary>
public sealed class ChainPath : IEquatable<ChainPath>
{
    private readonly string[] _hops;

    private ChainPath(string[] hops) => _hops = hops;

    /// <summary>The node itself.</summary>
    public static ChainPath Root { get; } = new([]);

    /// <summary>The hops in order, first hop first.</summary>
    public IReadOnlyList<string> Hops => _hops;

    /// <summary>True for the node itself.</summary>
    public bool IsRoot => _hops.Length == 0;

    /// <summary>The first hop; throws on the root.</summary>
    public string First => _hops.Length > 0 ? _hops[0] : throw new InvalidOperationException("The root chain has no hops.");

    /// <summary>Everything after the first hop (what the next node must resolve).</summary>
    public ChainPath Rest => _hops.Length <= 1 ? Root : new ChainPath(_hops[1..]);

    /// <summary>This path followed by <paramref name="hop"/>.</summary>
    public ChainPath Append(string hop)
    {
        if (!Names.Chain().IsMatch(hop))
        {
            throw new ArgumentException($"'{hop}' is not a valid chain name: {Names.ChainRule}", nameof(hop));
        }
        return new ChainPath([.. _hops, hop]);
    }

    /// <summary>Parses a dotted path; hops are trimmed as upstream does. The empty string is the root.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ChainPath? path, out string? error)
    {
        path = null;
        if (text is null)
        {
            error = "a chain path is required.";
            return false;
        }
        if (text.Trim().Length == 0)
        {
            path = Root;
            error = null;
            return true;
        }
        var hops = text.Split('.');
        for (var i = 0; i < hops.Length; i++)
        {
            hops[i] = hops[i].Trim();
            if (hops[i].Length == 0)
            {
                error = $"'{text}' has an empty hop; write hops separated by single dots, like alpha.charlie.";
                return false;
            }
            if (!Names.Chain().IsMatch(hops[i]))
            {
                error = $"'{hops[i]}' in '{text}' is not a valid chain name: {Names.ChainRule}";
                return false;
            }
        }
        path = new ChainPath(hops);
        error = null;
        return true;
    }

    /// <summary>Parses a dotted path or throws <see cref="FormatException"/> with the reason.</summary>
    public static ChainPath Parse(string text) =>
        TryParse(text, out var path, out var error) ? path : throw new FormatException(error);

    /// <summary>The dotted form; empty for the root.</summary>
    public override string ToString() => string.Join('.', _hops);

    /// <inheritdoc />
    public bool Equals(ChainPath? other) => other is not null && _hops.AsSpan().SequenceEqual(other._hops);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ChainPath);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var hop in _hops)
        {
            hash.Add(hop, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }
}
