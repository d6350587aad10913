namespace Overlord.Emulators.Hosting;

/// <summary>
/// A host-wide exclusive lock on a file. On Unix .NET maps <see cref="FileShare.None"/> to a non-blocking
/// <c>flock(LOCK_EX)</c>, so waiting is a retry loop; the kernel drops the lock when a holder dies, which keeps a
/// SIGKILLed emulator from wedging the host (unlike Director's own lock file, which is meant to go stale).
/// </summary>
internal sealed class HostLock : IDisposable
{
    private readonly FileStream _stream;

    private HostLock(FileStream stream) => _stream = stream;

    public static HostLock Acquire(string path)
    {
        var delay = 1;
        while (true)
        {
            try
            {
                return new HostLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                Thread.Sleep(delay);
                delay = Math.Min(delay * 2, 20);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
