using System.Security.Cryptography;
using System.Text;
using Overlord.Core.Config;

namespace Overlord.Core.Security;

/// <summary>
/// The HS256 key that signs and checks access tokens, found as upstream finds it: <c>secret_key</c> (its UTF-8 bytes)
/// wins; otherwise <c>secret_keyfile</c> holds 64 random bytes and is created (mode 0400) when missing or when its
/// size is not 64 (upstream's gen-token creates it too, so a token minted before the node's first start stays valid). Unlike upstream, a key file that group or others may read or write is refused: anyone who can
/// read it can mint tokens for this node and every node that trusts it.
/// </summary>
public static class SecretKeyStore
{
    /// <summary>Length of a generated key, as upstream.</summary>
    public const int KeyFileLength = 64;

    // Group and other read/write bits; execute bits on a data file grant nothing.
    private const UnixFileMode UnsafeBits =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>Loads (or creates) the key; throws <see cref="SecretKeyException"/> with a clear reason.</summary>
    /// <param name="config">The node config.</param>
    /// <param name="created">Set to the key file's path when this call wrote a new key, else null.</param>
    public static byte[] Load(NodeConfig config, out string? created)
    {
        created = null;
        if (config.SecretKey is not null)
        {
            return Encoding.UTF8.GetBytes(config.SecretKey);
        }
        var path = config.SecretKeyFile;
        try
        {
            if (File.Exists(path))
            {
                var length = new FileInfo(path).Length;
                if (length == KeyFileLength)
                {
                    CheckPermissions(path);
                    var existing = File.ReadAllBytes(path);
                    if (existing.Length == KeyFileLength)
                    {
                        return existing;
                    }
                }
            }
            var key = RandomNumberGenerator.GetBytes(KeyFileLength);
            Write(path, key);
            created = path;
            return key;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretKeyException($"secret_keyfile '{path}': {e.Message}", e);
        }
    }

    private static void CheckPermissions(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnsafeBits) != 0)
        {
            throw new SecretKeyException(
                $"secret_keyfile '{path}' has mode {Octal(mode)}: group or others may read or write it, so they could mint " +
                $"tokens for this node. Run 'chmod 0400 {path}' (or 0600) and start again.");
        }
    }

    // Written next to the target and renamed over it, so a crash never leaves a short key behind.
    private static void Write(string path, byte[] key)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var temporary = path + ".tmp-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(key);
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);
}

/// <summary>The secret key file cannot be read, written or trusted; the message names the file and the reason.</summary>
public sealed class SecretKeyException : Exception
{
    /// <summary>An error with <paramref name="message"/>.</summary>
    public SecretKeyException(string message) : base(message)
    {
    }

    /// <summary>An error with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public SecretKeyException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
