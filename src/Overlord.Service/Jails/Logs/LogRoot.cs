namespace Overlord.Service.Jails.Logs;

/// <summary>How a log lookup ended.</summary>
public enum LogLookup
{
    /// <summary>A regular file inside the root; <see cref="LogFile.Path"/> is its real path.</summary>
    Found,

    /// <summary>Nothing readable there (upstream's 404 <c>Log cannot be found.</c>).</summary>
    NotFound,

    /// <summary>A part is not a plain name (e.g. <c>..</c>, a slash, NUL).</summary>
    InvalidName,

    /// <summary>Symlinks lead outside the root.</summary>
    OutsideRoot,
}

/// <summary>The result of <see cref="LogRoot.Find"/>.</summary>
/// <param name="Lookup">The outcome.</param>
/// <param name="Path">The real path of the file when found.</param>
public readonly record struct LogFile(LogLookup Lookup, string? Path);

/// <summary>
/// A log directory (<c>appjail.logs</c> or <c>director.logs</c>) that names from URLs are confined to. Upstream joins
/// the URL parts onto the root unchecked (§7 #13: <c>..</c> and <c>%2F</c> escape it); here every part must be a plain
/// name, and the file's real path, symlinks followed, must lie inside the root's real path.
/// </summary>
public sealed class LogRoot(string root)
{
    private const int MaxSymlinks = 40;

    /// <summary>The configured directory.</summary>
    public string Root { get; } = root;

    /// <summary>
    /// Whether <paramref name="part"/> can only name an entry of its directory: not empty, <c>.</c> or <c>..</c>, and
    /// without <c>/</c>, <c>\</c>, NUL or other control characters, or the encoded slashes Kestrel leaves in paths.
    /// </summary>
    public static bool IsPlainName(string part) =>
        !string.IsNullOrEmpty(part)
        && part is not ("." or "..")
        && !part.Any(c => c is '/' or '\\' || char.IsControl(c))
        && !part.Contains("%2F", StringComparison.OrdinalIgnoreCase)
        && !part.Contains("%5C", StringComparison.OrdinalIgnoreCase);

    /// <summary>Finds the log at <paramref name="parts"/> below the root.</summary>
    public LogFile Find(params ReadOnlySpan<string> parts)
    {
        foreach (var part in parts)
        {
            if (!IsPlainName(part))
            {
                return new(LogLookup.InvalidName, null);
            }
        }
        if (!Directory.Exists(Root))
        {
            return new(LogLookup.NotFound, null);
        }
        if (RealPath(Path.GetFullPath(Root)) is not { } rootReal || RealPath(Path.Combine([rootReal, .. parts])) is not { } real)
        {
            return new(LogLookup.NotFound, null); // a symlink loop: nothing readable
        }
        if (!IsInside(real, rootReal))
        {
            return new(LogLookup.OutsideRoot, null);
        }
        return File.Exists(real) ? new(LogLookup.Found, real) : new(LogLookup.NotFound, null);
    }

    /// <summary>
    /// The names in <paramref name="directory"/> (below the root), sorted ordinally, with whether each is a directory
    /// that stays inside the root; empty when it is not such a directory.
    /// </summary>
    public IReadOnlyList<(string Name, bool IsDirectory)> List(params ReadOnlySpan<string> directory)
    {
        var rootReal = Directory.Exists(Root) ? RealPath(Path.GetFullPath(Root)) : null;
        if (rootReal is null)
        {
            return [];
        }
        var dir = RealPath(Path.Combine([rootReal, .. directory]));
        if (dir is null || !IsInside(dir, rootReal) || !Directory.Exists(dir))
        {
            return [];
        }
        try
        {
            return [.. new DirectoryInfo(dir).EnumerateFileSystemInfos()
                .Select(e => (e.Name, IsDirectoryInside(e.FullName, rootReal)))
                .OrderBy(e => e.Name, StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static bool IsDirectoryInside(string path, string rootReal) =>
        RealPath(path) is { } real && IsInside(real, rootReal) && Directory.Exists(real);

    /// <summary>Whether the real path <paramref name="path"/> is <paramref name="rootReal"/> or below it.</summary>
    public static bool IsInside(string path, string rootReal) =>
        path == rootReal || path.StartsWith(rootReal.EndsWith('/') ? rootReal : rootReal + "/", StringComparison.Ordinal);

    /// <summary>
    /// POSIX <c>realpath</c> for an absolute path whose tail may not exist: every symlink on the way is replaced by its
    /// target and <c>..</c> applies to the resolved prefix. Null after too many links (a loop).
    /// </summary>
    public static string? RealPath(string path)
    {
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = "/";
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }
            var next = current == "/" ? "/" + part : current + "/" + part;
            string? target;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                target = null;
            }
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxSymlinks)
            {
                return null;
            }
            foreach (var linked in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(linked);
            }
            if (target.StartsWith('/'))
            {
                current = "/";
            }
        }
        return current;
    }
}
