using System.Runtime.InteropServices;

namespace Overlord.Emulators.Cli;

/// <summary>
/// Process-wide signal state. A Director <c>up</c> past its lock is interruptible (it turns SIGTERM/HUP/INT/QUIT into
/// an orderly FAILED exit); <c>ignore-sigterm</c> swallows them; anything else dies with the default action after the
/// journal line is written.
/// </summary>
internal static class Signals
{
    public static readonly CancellationTokenSource Source = new();
    public static volatile bool Interruptible;
    public static volatile bool Ignore;
    public static Action? OnFatal;
    private static readonly List<PosixSignalRegistration> Registrations = [];

    public static void Install()
    {
        foreach (var sig in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
        {
            Registrations.Add(PosixSignalRegistration.Create(sig, Handle));
        }
    }

    private static void Handle(PosixSignalContext context)
    {
        if (Ignore)
        {
            context.Cancel = true;
            return;
        }
        if (Interruptible)
        {
            context.Cancel = true;
            Source.Cancel();
            return;
        }
        context.Cancel = true;
        OnFatal?.Invoke();
    }
}
