using System.Globalization;

namespace Overlord.Emulators.Faults;

/// <summary>The effects that apply to one call, after matching every rule.</summary>
internal sealed class FaultSet
{
    public static readonly FaultSet None = new([]);

    private readonly List<(string Name, string? Value, FaultRule Rule)> _effects;

    public FaultSet(List<(string Name, string? Value, FaultRule Rule)> effects) => _effects = effects;

    public bool IsEmpty => _effects.Count == 0;

    public bool Has(string name) => _effects.Exists(e => e.Name == name);

    public string? Value(string name) => _effects.Find(e => e.Name == name).Value;

    public FaultRule? Rule(string name) => _effects.Find(e => e.Name == name).Rule;

    public int? Int(string name) =>
        int.TryParse(Value(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    public IReadOnlyList<string> Describe() =>
        _effects.ConvertAll(e => e.Value is null ? e.Name : $"{e.Name}={e.Value}");

    /// <summary>Splits <c>name=value</c>; the value may itself contain <c>=</c>.</summary>
    public static (string Name, string? Value) ParseEffect(string effect)
    {
        var i = effect.IndexOf('=');
        return i < 0 ? (effect.Trim(), null) : (effect[..i].Trim(), effect[(i + 1)..]);
    }
}
