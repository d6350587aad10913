using System.Runtime.Versioning;
namespace Overlord.Service.Tests.Jails.Drivers;

/// <summary>Whether a pid still runs, from <c>/proc</c> (a zombie waiting to be reaped counts as gone).</summary>
[SupportedOSPlatform("linux")]
internal static class Processes
{
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits (bounded) for an orphan to be reaped by init; no timing is asserted.</summary>
    public static async Task<bool> GoneAsync(int pid)
    {
        for (var i = 0; i < 200 && IsRunning(pid); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        return !IsRunning(pid);
    }

    public static void Kill(int pid)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (ArgumentException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }
}
