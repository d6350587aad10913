using Overlord.Core.Validation;
using Overlord.Core.Yaml;

namespace Overlord.Core.Config;

/// <summary>
/// Finds and loads the node config file with upstream's keys, defaults and rules, reporting every problem at once
/// with file:line:column and key path. It never throws for bad input; a service refuses to start (exit 70) when
/// <see cref="NodeConfigLoadResult.IsValid"/> is false.
/// </summary>
public static class NodeConfigLoader
{
    /// <summary>The file looked for in the current directory when nothing names one.</summary>
    public const string DefaultFileName = ".overlord.yml";

    /// <summary>The environment variable naming the config file.</summary>
    public const string EnvironmentVariable = "OVERLORD_CONFIG";

    /// <summary>
    /// Picks the config file: <paramref name="explicitPath"/> (<c>--config</c>) first, then
    /// <c>OVERLORD_CONFIG</c>, then <c>.overlord.yml</c> in <paramref name="currentDirectory"/>. Empty values count
    /// as not given. Relative names are made absolute against <paramref name="currentDirectory"/>.
    /// </summary>
    public static NodeConfigPath ResolvePath(string? explicitPath, Func<string, string?> environment, string currentDirectory)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return new NodeConfigPath(Path.GetFullPath(explicitPath, currentDirectory), NodeConfigPathSource.Option);
        }
        var fromEnvironment = environment(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return new NodeConfigPath(Path.GetFullPath(fromEnvironment, currentDirectory), NodeConfigPathSource.Environment);
        }
        return new NodeConfigPath(Path.GetFullPath(DefaultFileName, currentDirectory), NodeConfigPathSource.Default);
    }

    /// <summary>
    /// Loads the file <see cref="ResolvePath"/> picked. When it does not exist and nothing named it, the result holds
    /// the defaults and <see cref="NodeConfigLoadResult.Missing"/> is true; when it was named, that is an error.
    /// </summary>
    public static NodeConfigLoadResult Load(NodeConfigPath location, NodeConfigLoaderOptions? options = null)
    {
        options ??= NodeConfigLoaderOptions.Default;
        byte[] bytes;
        try
        {
            bytes = options.ReadFile(location.Path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException && !location.MustExist)
        {
            return new NodeConfigLoadResult { Path = location.Path, Config = Defaults(options), Errors = [], Missing = true };
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            return Unreadable(location.Path, e);
        }
        return Load(bytes, location.Path, options);
    }

    /// <summary>Reads and loads the config at <paramref name="path"/>, which must exist.</summary>
    public static NodeConfigLoadResult LoadFile(string path, NodeConfigLoaderOptions? options = null)
    {
        options ??= NodeConfigLoaderOptions.Default;
        byte[] bytes;
        try
        {
            bytes = options.ReadFile(path);
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            return Unreadable(path, e);
        }
        return Load(bytes, path, options);
    }

    /// <summary>Loads a config from its bytes; <paramref name="path"/> names it in errors.</summary>
    public static NodeConfigLoadResult Load(ReadOnlySpan<byte> bytes, string path, NodeConfigLoaderOptions? options = null)
    {
        options ??= NodeConfigLoaderOptions.Default;
        var diagnostics = new Diagnostics(path);
        // Upstream accepts an empty config (PyYAML gives None and the defaults apply).
        var root = YamlDocumentLoader.Load(bytes, diagnostics, options.Environment, allowEmpty: true);
        return Finish(diagnostics, root, options);
    }

    /// <summary>Loads a config from text; <paramref name="path"/> names it in errors.</summary>
    public static NodeConfigLoadResult Parse(string text, string path, NodeConfigLoaderOptions? options = null)
    {
        options ??= NodeConfigLoaderOptions.Default;
        var diagnostics = new Diagnostics(path);
        var root = YamlDocumentLoader.Load(text, diagnostics, options.Environment, allowEmpty: true);
        return Finish(diagnostics, root, options);
    }

    /// <summary>
    /// The config an empty file gives. Keys under <c>&lt;prefix&gt;</c> use <see cref="NodeConfigLoaderOptions.Prefix"/>,
    /// <c>max_watch_commands</c> (and <c>jobs.workers</c>) the processor count, and <c>director.logs</c> the <c>HOME</c> variable.
    /// </summary>
    public static NodeConfig Defaults(NodeConfigLoaderOptions? options = null)
    {
        options ??= NodeConfigLoaderOptions.Default;
        var prefix = options.Prefix;
        return new NodeConfig
        {
            ServerId = Under(prefix, "serverid"),
            SecretKeyFile = Under(prefix, "keyfile"),
            BeanstalkdSecret = Under(prefix, "beanstalkd_secret"),
            Components = Under(prefix, "components"),
            Metadata = new MetadataConfig { Location = Under(prefix, "metadata"), Namespaces = Under(prefix, "namespace") },
            Director = new DirectorConfig { Logs = Under(Home(options), ".director/logs") },
            MaxWatchCommands = Math.Max(1, options.ProcessorCount),
            Jobs = new JobsConfig { Database = Under(prefix, "jobs.db"), Workers = Math.Max(1, options.ProcessorCount) },
        };
    }

    // Config paths are FreeBSD paths whatever machine reads the file, so they are joined with '/'.
    private static string Under(string directory, string name) => directory.TrimEnd('/') + "/" + name;

    /// <summary>
    /// Upstream expands <c>~</c> for the user running it: <c>HOME</c>, else the account's home; like Python's
    /// <c>expanduser</c>, we leave <c>~</c> as is when neither is known.
    /// </summary>
    private static string Home(NodeConfigLoaderOptions options)
    {
        var home = options.Environment("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }
        return string.IsNullOrEmpty(home) ? "~" : home;
    }

    private static NodeConfigLoadResult Finish(Diagnostics diagnostics, YNode? root, NodeConfigLoaderOptions options)
    {
        var defaults = Defaults(options);
        NodeConfig? config = root switch
        {
            null => null,
            // Upstream treats a document that is only "null" like an empty one: the defaults apply.
            YScalar { Kind: ScalarKind.Null } => defaults,
            _ => NodeConfigReader.Read(new SpecReader(diagnostics), root, defaults),
        };
        var errors = diagnostics.Sorted();
        return new NodeConfigLoadResult { Path = diagnostics.File, Config = errors.Count == 0 ? config : null, Errors = errors };
    }

    private static NodeConfigLoadResult Unreadable(string path, Exception e)
    {
        var message = e is FileNotFoundException or DirectoryNotFoundException
            ? "the config file does not exist."
            : $"cannot read the config file: {e.Message}";
        return new NodeConfigLoadResult { Path = path, Errors = [new SpecError(path, 1, 1, "", message)] };
    }

    private static bool IsReadFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException;
}
