using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Overlord.Core.Api;
using Overlord.Core.Config;
using Overlord.Core.Specs;

namespace Overlord.Service.Metadata;

/// <summary>A namespace write refused or failed; <see cref="StatusCode"/> and the message go to the client.</summary>
public sealed class NamespaceWriteException(int statusCode, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>400 for a bad mapping, 500 when the node cannot do it (permissions, disk).</summary>
    public int StatusCode { get; } = statusCode;
}

/// <summary>
/// Namespaces: directory trees under <c>metadata.namespaces/&lt;name&gt;</c> built from metadata values. The whole
/// mapping is checked first (paths, metadata, users, groups); the tree is then built in a temp directory beside the
/// namespaces and renamed into place, so a refused or failed write changes nothing and a PUT replaces the old tree in
/// one step (rename aside, rename in, delete the old one). Writers of one namespace take turns.
/// </summary>
public sealed class NamespaceStore(NodeConfig config, MetadataStore metadata)
{
    private const UnixFileMode AllFile = (UnixFileMode)0x1B6; // 0666
    private const UnixFileMode AllDirectory = (UnixFileMode)0x1FF; // 0777
    private const long DirectoryType = 0x4000; // S_IFDIR
    private const long FileType = 0x8000; // S_IFREG

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>The configured directory.</summary>
    public string Root { get; } = Path.GetFullPath(config.Metadata.Namespaces);

    /// <summary>The directory of namespace <paramref name="name"/>, as reported to clients.</summary>
    public string PathOf(string name) => Path.Join(Root, name);

    /// <summary>The namespaces, sorted; empty when the directory does not exist yet.</summary>
    public IReadOnlyList<string> List()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }
        try
        {
            return [.. new DirectoryInfo(Root).EnumerateDirectories()
                .Where(d => d.LinkTarget is null && NamespaceMappingRules.IsMetadataName(d.Name))
                .Select(d => d.Name)
                .Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Whether the namespace exists (a real directory; a symlink in its place does not count).</summary>
    public bool Exists(string name) => NamespaceMappingRules.IsMetadataName(name) && IsRealDirectory(PathOf(name));

    /// <summary>
    /// Every file and directory below the namespace, depth first in name order, without following symlinks (they are
    /// skipped, like anything that is neither a file nor a directory). Null when the namespace does not exist.
    /// </summary>
    public IReadOnlyList<NamespaceEntry>? Entries(string name)
    {
        if (!Exists(name))
        {
            return null;
        }
        var entries = new List<NamespaceEntry>();
        Walk(PathOf(name), entries);
        return entries;
    }

    private static void Walk(string directory, List<NamespaceEntry> into)
    {
        IEnumerable<FileSystemInfo> children;
        try
        {
            children = [.. new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(c => c.Name, StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var child in children)
        {
            if (child.LinkTarget is not null || UnixFiles.LStat(child.FullName) is not { } stat)
            {
                continue;
            }
            var type = stat.Mode & 0xF000;
            if (type == DirectoryType)
            {
                into.Add(new NamespaceEntry(null, child.FullName, stat.Uid, stat.Gid, stat.Mode));
                Walk(child.FullName, into);
            }
            else if (type == FileType)
            {
                into.Add(new NamespaceEntry(child.FullName, null, stat.Uid, stat.Gid, stat.Mode));
            }
        }
    }

    /// <summary>Upstream's POST: builds the namespace unless it exists (then nothing happens). True when written.</summary>
    public Task<bool> CreateAsync(string name, IReadOnlyList<NamespaceMapping> mapping, CancellationToken cancellationToken) =>
        WriteAsync(name, mapping, replace: false, cancellationToken);

    /// <summary>Upstream's PUT: builds the namespace and puts it in place of the old one (if any).</summary>
    public Task<bool> ReplaceAsync(string name, IReadOnlyList<NamespaceMapping> mapping, CancellationToken cancellationToken) =>
        WriteAsync(name, mapping, replace: true, cancellationToken);

    /// <summary>Removes the namespace; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var gate = LockOf(name);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Exists(name))
            {
                return false;
            }
            // Renamed aside first so the name is gone at once, whatever the deletion takes.
            var aside = Path.Join(Root, $".{name}.{Guid.NewGuid():N}.old");
            Directory.Move(PathOf(name), aside);
            Directory.Delete(aside, recursive: true);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<bool> WriteAsync(string name, IReadOnlyList<NamespaceMapping> mapping, bool replace, CancellationToken cancellationToken)
    {
        if (!NamespaceMappingRules.IsMetadataName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid namespace name.", nameof(name));
        }
        var gate = LockOf(name);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!replace && Exists(name))
            {
                return false;
            }
            var plan = Plan(name, mapping);
            Directory.CreateDirectory(Root);
            var temp = Path.Join(Root, $".{name}.{Guid.NewGuid():N}.new");
            try
            {
                Directory.CreateDirectory(temp);
                await BuildAsync(temp, plan, cancellationToken).ConfigureAwait(false);
                Swap(name, temp);
            }
            catch
            {
                DeleteQuietly(temp);
                throw;
            }
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    private sealed record Step(int Index, NamespaceMapping Item, string[] Parts, long Uid, long Gid);

    /// <summary>Checks every item before anything is written: confined paths, stored metadata, known users and groups.</summary>
    private List<Step> Plan(string name, IReadOnlyList<NamespaceMapping> mapping)
    {
        var basePath = PathOf(name);
        var steps = new List<Step>(mapping.Count);
        for (var i = 0; i < mapping.Count; i++)
        {
            var item = mapping[i];
            var at = $"mapping[{i}]";
            // Only plain relative parts: no '..', no absolute path, no NUL. The tree is built fresh in a directory
            // this node just made, so no symlink can be on the way (a link left in an old tree is never followed).
            var parts = item.Path.Split('/').Where(p => p is not ("" or ".")).ToArray();
            if (!NamespaceMappingRules.IsRelativeInside(item.Path) || (!item.IsDirectory && parts.Length == 0))
            {
                throw new NamespaceWriteException(StatusCodes.Status400BadRequest, $"'{item.Path}' is not a path of '{basePath}'");
            }
            if (item.Metadata is { } key && !metadata.Exists(key))
            {
                throw new NamespaceWriteException(StatusCodes.Status400BadRequest, $"{at}.file: metadata '{key}' cannot be found.");
            }
            var uid = Resolve(item.Owner, UnixFiles.UserId, $"{at}.owner", "user");
            var gid = Resolve(item.Group, UnixFiles.GroupId, $"{at}.group", "group");
            steps.Add(new Step(i, item, parts, uid, gid));
        }
        return steps;
    }

    private static long Resolve(string? value, Func<string, long?> lookup, string at, string what)
    {
        if (value is null)
        {
            return -1;
        }
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }
        return lookup(value) ?? throw new NamespaceWriteException(StatusCodes.Status400BadRequest, $"{at}: {what} '{value}' cannot be found.");
    }

    private async Task BuildAsync(string root, List<Step> plan, CancellationToken cancellationToken)
    {
        foreach (var step in plan)
        {
            var item = step.Item;
            var at = $"mapping[{step.Index}]";
            // umask shapes what this item creates (upstream sets it after creating, §7 #12); mode is then set as
            // given (chmod is not subject to the umask).
            var umask = item.Umask is { } u ? (UnixFileMode)u : (UnixFileMode?)null;
            var target = root;
            var dirs = item.IsDirectory ? step.Parts : step.Parts[..^1];
            foreach (var part in dirs)
            {
                target = Path.Join(target, part);
                if (File.Exists(target))
                {
                    throw new NamespaceWriteException(StatusCodes.Status400BadRequest, $"{at}: '{Relative(root, target)}' is a file, not a directory.");
                }
                if (!Directory.Exists(target))
                {
                    Directory.CreateDirectory(target);
                    if (umask is { } mask)
                    {
                        AtomicFile.SetMode(target, AllDirectory & ~mask);
                    }
                }
            }
            if (!item.IsDirectory)
            {
                target = Path.Join(target, step.Parts[^1]);
                if (Directory.Exists(target))
                {
                    throw new NamespaceWriteException(StatusCodes.Status400BadRequest, $"{at}: '{Relative(root, target)}' is a directory, not a file.");
                }
                var value = await metadata.ReadAsync(item.Metadata!, cancellationToken).ConfigureAwait(false)
                    ?? throw new NamespaceWriteException(StatusCodes.Status400BadRequest, $"{at}.file: metadata '{item.Metadata}' cannot be found.");
                await AtomicFile.WriteAsync(Path.GetDirectoryName(target)!, step.Parts[^1], System.Text.Encoding.UTF8.GetBytes(value),
                    AllFile & ~(umask ?? UnixFileMode.None), cancellationToken).ConfigureAwait(false);
                if (umask is { } mask)
                {
                    AtomicFile.SetMode(target, AllFile & ~mask); // the creation mode was also masked by the process umask
                }
            }
            if (item.Mode is { } mode)
            {
                AtomicFile.SetMode(target, (UnixFileMode)mode);
            }
            if (step.Uid >= 0 || step.Gid >= 0)
            {
                var errno = UnixFiles.LChown(target, step.Uid, step.Gid);
                if (errno != 0)
                {
                    throw new NamespaceWriteException(StatusCodes.Status500InternalServerError,
                        $"{at}: cannot change the owner of '{Relative(root, target)}' to {Id(item.Owner)}:{Id(item.Group)}: {Marshal.GetPInvokeErrorMessage(errno)}");
                }
            }
        }
    }

    private static string Id(string? value) => value ?? "-";

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path);

    /// <summary>Puts <paramref name="built"/> in place of the namespace: old one aside, new one in, old one deleted.</summary>
    private void Swap(string name, string built)
    {
        var target = PathOf(name);
        string? aside = null;
        var current = new DirectoryInfo(target);
        if (current.LinkTarget is not null)
        {
            File.Delete(target); // a symlink in the namespace's place is not a tree this node built: unlinked, never followed
        }
        else if (current.Exists)
        {
            aside = Path.Join(Root, $".{name}.{Guid.NewGuid():N}.old");
            Directory.Move(target, aside);
        }
        else if (File.Exists(target))
        {
            throw new NamespaceWriteException(StatusCodes.Status500InternalServerError, $"'{target}' exists and is not a directory.");
        }
        try
        {
            Directory.Move(built, target);
        }
        catch
        {
            if (aside is not null)
            {
                Directory.Move(aside, target); // put the old tree back
            }
            throw;
        }
        if (aside is not null)
        {
            DeleteQuietly(aside);
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (new FileInfo(path).LinkTarget is not null)
            {
                File.Delete(path);
            }
            else if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover dot-directory is not listed and does not block later writes.
        }
    }

    private static bool IsRealDirectory(string path)
    {
        var info = new DirectoryInfo(path);
        return info.Exists && info.LinkTarget is null;
    }

    private SemaphoreSlim LockOf(string name) => _locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
}
