using System.Diagnostics;

namespace Overlord.Emulators.Tests;

/// <summary>A fresh emulated host per test, with helpers to run its wrapper scripts as real processes.</summary>
public abstract class EmuFixture : IDisposable
{
    protected EmuFixture()
    {
        Host = EmulatedHost.Create();
        Work = Path.Combine(Host.Root, "work");
        Directory.CreateDirectory(Work);
    }

    protected EmulatedHost Host { get; }

    /// <summary>A scratch directory (project files, Makejails) inside the host root, removed with it.</summary>
    protected string Work { get; }

    /// <summary>Colours off unless a test asks: most asserts are on plain text.</summary>
    protected Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal) { ["ENABLE_COLORS"] = "0", ["ENABLE_DEBUG"] = "0" };

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Host.Dispose();
        GC.SuppressFinalize(this);
    }

    protected Task<EmulatorResult> Run(string tool, params string[] args) =>
        EmulatorCommand.RunAsync(Host, tool, args, Env, Work, TimeSpan.FromSeconds(30), Ct);

    protected Task<EmulatorResult> RunWithTimeout(TimeSpan timeout, string tool, params string[] args) =>
        EmulatorCommand.RunAsync(Host, tool, args, Env, Work, timeout, Ct);

    protected Process Start(string tool, params string[] args) => EmulatorCommand.Start(Host, tool, args, Env, Work);

    protected string WriteWork(string name, string text)
    {
        var path = Path.Combine(Work, name);
        File.WriteAllText(path, text);
        return path;
    }

    protected string ProjectFile(string project) => Path.Combine(Host.DirectorProjectsDirectory, project);

    protected string? ReadKey(string project, string key)
    {
        var f = Path.Combine(ProjectFile(project), key);
        return File.Exists(f) ? File.ReadAllText(f) : null;
    }

    protected static void Signal(Process p, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
    }

    /// <summary>Waits for a condition written by another process (no timing asserts: only a generous ceiling).</summary>
    protected static async Task WaitUntil(Func<bool> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException(what);
            }
            await Task.Delay(20, Ct);
        }
    }

    /// <summary>A two-service project: db (fixed name, priority 1) and app (random name).</summary>
    protected string WriteWikiProject()
    {
        WriteWork("Makejail", "OPTION virtualnet=ajnet:web default\nOPTION expose=8080:80\nPKG nginx\n");
        return WriteWork("wiki.yml", """
            services:
              db:
                name: wiki-db
                priority: 1
              app:
                options:
                  - label: 'app.tier:web'
            """);
    }
}
