using System.Runtime.InteropServices;

namespace Overlord.Emulators.Hosting;

/// <summary>The two syscalls .NET does not expose: sending SIGTERM (Process.Kill is SIGKILL) and reading a parent pid.</summary>
internal static partial class Native
{
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int SysGetPpid();

    public static bool Kill(int pid, int signal) => SysKill(pid, signal) == 0;

    public static int ParentPid() => SysGetPpid();

    /// <summary>Parent pid of <paramref name="pid"/> from /proc, or null when the process is gone.</summary>
    public static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Field 2 (comm) may contain blanks and parentheses: parse after the last ')'.
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (rest[0] == "Z" || rest[0] == "X")
            {
                return null;
            }
            return int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
