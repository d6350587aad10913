namespace Overlord.Core.Config;

/// <summary>Where the config file name came from.</summary>
public enum NodeConfigPathSource
{
    /// <summary>Given on the command line (<c>--config</c>).</summary>
    Option,
    /// <summary>Taken from the <c>OVERLORD_CONFIG</c> environment variable.</summary>
    Environment,
    /// <summary>Nothing named a file: <c>.overlord.yml</c> in the current directory.</summary>
    Default,
}

/// <summary>The config file to load and where its name came from.</summary>
/// <param name="Path">The file, made absolute against the current directory.</param>
/// <param name="Source">Who named it.</param>
public sealed record NodeConfigPath(string Path, NodeConfigPathSource Source)
{
    /// <summary>
    /// A file someone named must exist. Only the implicit <c>.overlord.yml</c> may be missing, in which case the
    /// defaults apply. Upstream also falls back to the defaults when <c>OVERLORD_CONFIG</c> names a missing file;
    /// we report it, because a node silently running without its chains, labels and key is worse than not starting.
    /// </summary>
    public bool MustExist => Source != NodeConfigPathSource.Default;
}
