namespace Overlord.Core.Config;

/// <summary>Where a config load gets the environment, the file, the install prefix and the processor count; tests swap them.</summary>
public sealed record NodeConfigLoaderOptions
{
    /// <summary>The install prefix used when none is given.</summary>
    public const string DefaultPrefix = "/usr/local/overlord";

    /// <summary>The process environment, local files, <see cref="DefaultPrefix"/> and this machine's processors.</summary>
    public static NodeConfigLoaderOptions Default { get; } = new();

    /// <summary>Looks up <c>${NAME}</c> references (and <c>HOME</c> for the Director log default).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Reads the config file.</summary>
    public Func<string, byte[]> ReadFile { get; init; } = File.ReadAllBytes;

    /// <summary>
    /// Directory that the defaults of <c>serverid</c>, <c>secret_keyfile</c>, <c>beanstalkd_secret</c>,
    /// <c>components</c>, <c>metadata.location</c> and <c>metadata.namespaces</c> live under. Upstream uses
    /// <c>&lt;sys.prefix&gt;/overlord</c>, i.e. inside its Python environment; we have none, so the default is
    /// <see cref="DefaultPrefix"/>.
    /// </summary>
    public string Prefix { get; init; } = DefaultPrefix;

    /// <summary>Default of <c>max_watch_commands</c>.</summary>
    public int ProcessorCount { get; init; } = System.Environment.ProcessorCount;
}
