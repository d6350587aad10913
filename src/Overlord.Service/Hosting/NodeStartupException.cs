namespace Overlord.Service.Hosting;

/// <summary>
/// The node cannot start with this configuration or on this machine (unreadable key file, unsafe permissions,
/// missing certificate). The message says what to fix; <c>serve</c> prints it and exits 70 before any port opens.
/// </summary>
public sealed class NodeStartupException : Exception
{
    /// <summary>A startup failure with the text to show.</summary>
    public NodeStartupException(string message) : base(message)
    {
    }

    /// <summary>A startup failure caused by <paramref name="innerException"/>.</summary>
    public NodeStartupException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
