using System.Collections.Concurrent;
using System.Text;
using Overlord.Core.Config;
using Overlord.Core.Specs;
using Overlord.Service.Jails.Logs;

namespace Overlord.Service.Metadata;

/// <summary>How a metadata write ended.</summary>
public enum MetadataWrite
{
    /// <summary>The value was written.</summary>
    Written,

    /// <summary>Nothing to do: the key existed (create) or held the same value (update).</summary>
    Unchanged,

    /// <summary>Update of a key that does not exist.</summary>
    NotFound,
}

/// <summary>
/// Metadata values, one UTF-8 file per key in <c>metadata.location</c> (created 0700 on the first write). Keys must
/// match the metadata name rule, which leaves no room for <c>/</c> or <c>..</c>; a key that is a symlink is treated
/// as absent. Writes go to a temp file in the same directory, are fsynced and renamed over the key, so a reader
/// sees the old or the new value, never a part; writers of one key take turns.
/// </summary>
public sealed class MetadataStore(NodeConfig config)
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>The configured directory.</summary>
    public string Root { get; } = Path.GetFullPath(config.Metadata.Location);

    /// <summary>The largest value, in characters (Unicode code points, as upstream's <c>len(value)</c>).</summary>
    public int MaxSize { get; } = config.Metadata.Size;

    /// <summary>The length checked against <see cref="MaxSize"/>: Unicode code points, as Python's <c>len</c>.</summary>
    public static int Length(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var count = 0;
        foreach (var _ in value.EnumerateRunes())
        {
            count++;
        }
        return count;
    }

    /// <summary>The stored keys, sorted; empty when the directory does not exist yet (upstream 500s there, §7 #13).</summary>
    public IReadOnlyList<string> List()
    {
        if (RootReal() is not { } root)
        {
            return [];
        }
        try
        {
            return [.. new DirectoryInfo(root).EnumerateFiles()
                .Where(f => f.LinkTarget is null && NamespaceMappingRules.IsMetadataName(f.Name))
                .Select(f => f.Name)
                .Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Whether <paramref name="key"/> is stored.</summary>
    public bool Exists(string key) => FileOf(key) is { } path && IsPlainFile(path);

    /// <summary>The value of <paramref name="key"/>, or null when it is not stored.</summary>
    public async Task<string?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        if (FileOf(key) is not { } path || !IsPlainFile(path))
        {
            return null;
        }
        try
        {
            return await File.ReadAllTextAsync(path, Utf8, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null; // deleted in between
        }
    }

    /// <summary>Stores <paramref name="value"/> unless the key exists (upstream's POST). Check the size first.</summary>
    public Task<MetadataWrite> CreateAsync(string key, string value, CancellationToken cancellationToken) =>
        WriteAsync(key, value, create: true, cancellationToken);

    /// <summary>Replaces the value of an existing key, writing only when it changes (upstream's PUT). Check the size first.</summary>
    public Task<MetadataWrite> UpdateAsync(string key, string value, CancellationToken cancellationToken) =>
        WriteAsync(key, value, create: false, cancellationToken);

    /// <summary>Removes <paramref name="key"/>; false when it was not stored.</summary>
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var gate = LockOf(key);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (FileOf(key) is not { } path || !IsPlainFile(path))
            {
                return false;
            }
            File.Delete(path);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<MetadataWrite> WriteAsync(string key, string value, bool create, CancellationToken cancellationToken)
    {
        if (Length(value) > MaxSize)
        {
            throw new ArgumentException($"{key}: metadata too long", nameof(value)); // callers check first
        }
        var gate = LockOf(key);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
            if (create ? current is not null : current == value)
            {
                return MetadataWrite.Unchanged;
            }
            if (!create && current is null)
            {
                return MetadataWrite.NotFound;
            }
            _ = OperatingSystem.IsWindows() ? Directory.CreateDirectory(Root) : Directory.CreateDirectory(Root, DirectoryMode);
            var root = RootReal() ?? throw new IOException($"metadata directory '{Root}' cannot be resolved");
            await AtomicFile.WriteAsync(root, key, Utf8.GetBytes(value), FileMode, cancellationToken).ConfigureAwait(false);
            return MetadataWrite.Written;
        }
        finally
        {
            gate.Release();
        }
    }

    private SemaphoreSlim LockOf(string key) => _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));

    private string? RootReal() => Directory.Exists(Root) ? LogRoot.RealPath(Root) : null;

    /// <summary>The real path of the key's file inside the root, or null (bad name, no directory yet, outside).</summary>
    private string? FileOf(string key)
    {
        if (!NamespaceMappingRules.IsMetadataName(key) || RootReal() is not { } root)
        {
            return null;
        }
        var path = Path.Join(root, key);
        return Path.GetDirectoryName(path) == root && LogRoot.IsInside(path, root) ? path : null;
    }

    // A symlink in the metadata directory is never followed: it is not a value this node wrote.
    private static bool IsPlainFile(string path)
    {
        var info = new FileInfo(path);
        return info.Exists && info.LinkTarget is null;
    }
}

/// <summary>Write-to-temp, fsync, rename: the file at the target name is always complete.</summary>
internal static class AtomicFile
{
    /// <summary><c>chmod</c>; the node runs on Unix only (a no-op elsewhere keeps the analyzers honest).</summary>
    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> as <paramref name="name"/> in <paramref name="directory"/>.</summary>
    public static async Task WriteAsync(string directory, string name, byte[] bytes, UnixFileMode mode, CancellationToken cancellationToken)
    {
        // A leading dot keeps temp files out of listings (not a valid key or namespace name).
        var temp = Path.Join(directory, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }
            var stream = new FileStream(temp, options);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, Path.Join(directory, name), overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
