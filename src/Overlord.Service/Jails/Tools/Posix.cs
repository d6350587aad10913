using System.Runtime.InteropServices;

namespace Overlord.Service.Jails.Tools;

/// <summary>The few libc calls .NET does not expose: sending a chosen signal, and canonical paths.</summary>
internal static partial class Posix
{
    /// <summary>Same number on Linux and FreeBSD.</summary>
    public const int SigTerm = 15;

    /// <summary>Same number on Linux and FreeBSD.</summary>
    public const int SigKill = 9;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when it is gone (or not ours).</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    /// <summary>The canonical absolute path (every symlink resolved), or null when it does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
