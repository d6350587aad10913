using Overlord.Core.Config;

namespace Overlord.Service.Hosting;

/// <summary>
/// This node's id: the UUID in the <c>serverid</c> file, created on first use as upstream does. Chain calls carry the
/// ids of the nodes they passed through so a node can refuse a call that has come back to it.
/// </summary>
/// <param name="Id">The id, as stored.</param>
public sealed record ServerIdentity(string Id)
{
    /// <summary>Reads the <c>serverid</c> file, writing a new UUID when it is missing or empty.</summary>
    public static ServerIdentity Load(NodeConfig config, out string? created)
    {
        created = null;
        var path = config.ServerId;
        try
        {
            if (File.Exists(path))
            {
                var text = File.ReadAllText(path).Trim();
                if (text.Length > 0)
                {
                    return new ServerIdentity(text);
                }
            }
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
            var id = Guid.NewGuid().ToString("D");
            File.WriteAllText(path, id);
            created = path;
            return new ServerIdentity(id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NodeStartupException($"serverid '{path}': {e.Message}", e);
        }
    }
}
