namespace Overlord.Emulators.Director;

/// <summary>The JSON <c>up</c>/<c>down -j</c> print last: <c>errlevel</c>, <c>message</c>, <c>failed</c>.</summary>
internal sealed class UpResult
{
    public int? Errlevel { get; set; }
    public string? Message { get; set; }
    public List<(string Type, string Service)> Failed { get; } = [];

    public string ToJson() => PyJson.Dumps(PyJson.Obj(
        ("errlevel", Errlevel),
        ("message", Message),
        ("failed", Failed.Select(f => (object?)PyJson.Obj(("type", f.Type), ("service", f.Service))).ToList()))) + "\n";
}
