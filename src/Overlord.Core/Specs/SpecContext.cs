using Overlord.Core.Validation;

namespace Overlord.Core.Specs;

/// <summary>State of one spec load: where errors go, how variables resolve, how included files are read.</summary>
internal sealed class SpecContext
{
    public SpecContext(string path, SpecLoaderOptions options)
    {
        Path = path;
        Options = options;
        Diagnostics = new Diagnostics(path);
        Reader = new SpecReader(Diagnostics);
        FullPath = System.IO.Path.GetFullPath(path);
        Directory = System.IO.Path.GetDirectoryName(FullPath) ?? FullPath;
    }

    public string Path { get; }

    public string FullPath { get; }

    /// <summary>The spec's directory: relative include paths resolve against it.</summary>
    public string Directory { get; }

    public SpecLoaderOptions Options { get; }

    public Diagnostics Diagnostics { get; }

    public SpecReader Reader { get; }

    /// <summary>
    /// Upstream sets OVERLORD_FILE and OVERLORD_WRKDIR before parsing so that specs can refer to files beside
    /// themselves; we answer those two without touching the process environment.
    /// </summary>
    public string? Environment(string name) => name switch
    {
        "OVERLORD_FILE" => FullPath,
        "OVERLORD_WRKDIR" => Directory,
        _ => Options.Environment(name),
    };
}
