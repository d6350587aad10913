using Microsoft.Extensions.Logging.Abstractions;
using Overlord.Core.Config;
using Overlord.Emulators;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Tests.Jails.Contracts;

/// <summary>
/// The host a contract test runs against: by default an emulated host (tests/emulators) reached through its wrapper
/// scripts, exactly as a node reaches the real tools; with <c>OVERLORD_REAL_JAILS=1</c> (on FreeBSD, as root, with a
/// fetched release) the real <c>appjail</c>, <c>appjail-director</c>, <c>rctl</c> and <c>sysctl</c> on PATH. The
/// drivers under test are the product's own, built from a node config. Names carry a random suffix and every project
/// a test creates is destroyed on dispose, so a real host is left as it was.
/// </summary>
public sealed class ToolHost : IDisposable
{
    private readonly List<string> _projects = [];

    private ToolHost(EmulatedHost? emulator, NodeConfig config, string work)
    {
        Emulator = emulator;
        Config = config;
        WorkDirectory = work;
        Runner = new ToolRunner(TimeSpan.FromSeconds(config.Tools.KillGrace), NullLogger<ToolRunner>.Instance);
        AppJail = new AppJailDriver(config, Runner, NullLogger<AppJailDriver>.Instance);
        Director = new DirectorDriver(config, Runner);
        Rctl = new RctlDriver(config, Runner);
    }

    /// <summary>Whether the tests drive the real tools (<c>OVERLORD_REAL_JAILS=1</c>).</summary>
    public static bool Real => Environment.GetEnvironmentVariable("OVERLORD_REAL_JAILS") == "1";

    /// <summary>The emulated host; null against the real tools.</summary>
    public EmulatedHost? Emulator { get; }

    public NodeConfig Config { get; }

    /// <summary>A private directory for Makejails and other inputs.</summary>
    public string WorkDirectory { get; }

    public IToolRunner Runner { get; }

    public IAppJail AppJail { get; }

    public IDirector Director { get; }

    public IRctl Rctl { get; }

    /// <summary>
    /// Creates the host; <paramref name="extraYaml"/> adds top-level node-config keys (e.g. <c>execution_time: 3</c>)
    /// and <paramref name="tools"/> keys of the <c>tools</c> block (e.g. <c>kill_grace: 1</c>).
    /// </summary>
    public static ToolHost Create(string? extraYaml = null, params string[] tools)
    {
        var work = Directory.CreateTempSubdirectory("overlord-contract-").FullName;
        var emulator = Real ? null : EmulatedHost.Create(Path.Combine(work, "host"));
        // The emulator's lines end with its tools block, so more tools keys continue it.
        var yaml = (emulator?.NodeConfigYaml() ?? (tools.Length > 0 ? "tools:\n" : ""))
            + string.Concat(tools.Select(t => "  " + t + "\n"))
            + (extraYaml ?? "") + "\n";
        var result = NodeConfigLoader.Parse(yaml, Path.Combine(work, "overlord.yml"), new NodeConfigLoaderOptions
        {
            Prefix = work,
            Environment = _ => null,
        });
        if (!result.IsValid)
        {
            throw new InvalidOperationException("contract config is invalid:\n" + string.Join('\n', result.Errors) + "\n" + yaml);
        }
        return new ToolHost(emulator, result.Config!, work);
    }

    /// <summary>Skips the calling test against the real tools (fault knobs and seeding exist only in the emulator).</summary>
    public EmulatedHost RequireEmulator()
    {
        Assert.SkipWhen(Emulator is null, "needs the emulator's fault knobs or seeding; not run against the real tools");
        return Emulator!;
    }

    /// <summary>A fresh name (valid as jail and project name) that cannot collide with anything on a real host.</summary>
    public static string NewName(string prefix) => $"ovlct-{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Writes a Makejail that builds, and starts, a jail; extra lines are appended.</summary>
    public string Makejail(params string[] lines)
    {
        var path = Path.Combine(WorkDirectory, "Makejail-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllLines(path, ["OPTION start", "OPTION overwrite=force", .. lines]);
        return path;
    }

    /// <summary>
    /// A Director file with one service per <paramref name="services"/> entry (name → optional fixed jail name), each
    /// built from <paramref name="makejail"/>, with <paramref name="options"/> as service options (YAML list items).
    /// </summary>
    public static string DirectorFile(string makejail, IReadOnlyDictionary<string, string?> services, params string[] options)
    {
        var yaml = new System.Text.StringBuilder("services:\n");
        var priority = 10;
        foreach (var (service, jail) in services)
        {
            yaml.Append($"  {service}:\n    priority: {priority++}\n    makejail: '{makejail}'\n");
            if (jail is not null)
            {
                yaml.Append($"    name: {jail}\n");
            }
            if (options.Length > 0)
            {
                yaml.Append("    options:\n");
                foreach (var option in options)
                {
                    yaml.Append($"      - {option}\n");
                }
            }
        }
        return yaml.ToString();
    }

    /// <summary>Runs <c>up</c> for a new project and remembers it for clean-up.</summary>
    public async Task<DirectorRun> UpAsync(string project, string directorFile, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        _projects.Add(project);
        return await Director.UpAsync(project, directorFile, environment ?? new Dictionary<string, string>(), overwrite: false, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var project in _projects)
        {
            try
            {
                Director.DownAsync(project, new Dictionary<string, string>(), destroy: true, ignoreFailed: true, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (ToolException)
            {
                // Clean-up is best effort; the emulated host is deleted below anyway.
            }
        }
        Emulator?.Dispose();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
