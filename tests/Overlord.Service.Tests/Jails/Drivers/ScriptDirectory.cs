using System.Runtime.Versioning;
using System.Globalization;
using System.Text;

namespace Overlord.Service.Tests.Jails.Drivers;

/// <summary>A temp directory for throwaway <c>#!/bin/sh</c> scripts and the files they leave behind.</summary>
[SupportedOSPlatform("linux")]
internal sealed class ScriptDirectory : IDisposable
{
    public ScriptDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "overlord-drv-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes an executable script with <paramref name="body"/> after the shebang; returns its path.</summary>
    public string Script(string name, string body)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>
    /// A fake tool: records its argv (one per line) in <c>NAME.argv</c>, prints the exact bytes of
    /// <paramref name="stdout"/> and <paramref name="stderr"/>, runs <paramref name="extra"/>, exits with <paramref name="exitCode"/>.
    /// </summary>
    public string FakeTool(string name, string stdout = "", string stderr = "", int exitCode = 0, string extra = "")
    {
        System.IO.File.WriteAllBytes(File(name + ".out"), Encoding.UTF8.GetBytes(stdout));
        System.IO.File.WriteAllBytes(File(name + ".err"), Encoding.UTF8.GetBytes(stderr));
        return Script(name, $"""
            for a in "$@"; do printf '%s\n' "$a"; done > '{File(name + ".argv")}'
            cat '{File(name + ".out")}'
            cat '{File(name + ".err")}' >&2
            {extra}
            exit {exitCode}
            """);
    }

    /// <summary>The argv the fake tool <paramref name="name"/> was last called with.</summary>
    public IReadOnlyList<string> Argv(string name) =>
        System.IO.File.ReadAllText(File(name + ".argv")).Split('\n', StringSplitOptions.None)[..^1];

    public int ReadPid(string name) => int.Parse(System.IO.File.ReadAllText(File(name)).Trim(), CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
