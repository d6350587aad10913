using System.Runtime.InteropServices;

namespace Overlord.Service.Metadata;

/// <summary>Owner, group and full mode of a file, as <c>lstat(2)</c> reports them.</summary>
/// <param name="Uid">Owner id.</param>
/// <param name="Gid">Group id.</param>
/// <param name="Mode">Full <c>st_mode</c>, type bits included.</param>
internal readonly record struct UnixStat(long Uid, long Gid, long Mode);

/// <summary>
/// The POSIX calls .NET does not expose: <c>lstat</c> (owner, group, st_mode), <c>lchown</c> and user/group name
/// lookups. Same layouts on Linux and FreeBSD (64-bit).
/// </summary>
internal static partial class UnixFiles
{
    // getpwnam/getgrnam return static storage; one caller at a time.
    private static readonly Lock NameLookup = new();

    /// <summary>
    /// <c>lstat</c> through the runtime's own shim, whose <c>FileStatus</c> starts with Flags, Mode, Uid, Gid on every
    /// platform .NET runs on (the libc <c>struct stat</c> layout differs between Linux, FreeBSD and architectures).
    /// </summary>
    public static UnixStat? LStat(string path)
    {
        Span<byte> buffer = stackalloc byte[512]; // FileStatus is about 120 bytes; room for growth
        unsafe
        {
            fixed (byte* status = buffer)
            {
                if (SystemNativeLStat(path, status) != 0)
                {
                    return null;
                }
            }
        }
        var fields = MemoryMarshal.Cast<byte, int>(buffer[..16]);
        return new UnixStat((uint)fields[2], (uint)fields[3], fields[1]);
    }

    /// <summary>Changes owner and/or group (-1 keeps one) without following a symlink; the errno on failure.</summary>
    public static int LChown(string path, long uid, long gid) =>
        LChownNative(path, uid < 0 ? uint.MaxValue : (uint)uid, gid < 0 ? uint.MaxValue : (uint)gid) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>A user's id, or null when there is no such user.</summary>
    public static long? UserId(string name) => LookUp(name, GetPwNam);

    /// <summary>A group's id, or null when there is no such group.</summary>
    public static long? GroupId(string name) => LookUp(name, GetGrNam);

    private static long? LookUp(string name, Func<string, IntPtr> lookup)
    {
        lock (NameLookup)
        {
            var entry = lookup(name);
            // struct passwd and struct group both start with two char* (name, password), then the uint32 id.
            return entry == IntPtr.Zero ? null : (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size);
        }
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_LStat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int SystemNativeLStat(string path, byte* status);

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LChownNative(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "getpwnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetPwNam(string name);

    [LibraryImport("libc", EntryPoint = "getgrnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetGrNam(string name);
}
