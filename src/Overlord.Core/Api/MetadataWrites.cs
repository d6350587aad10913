using Refit;

namespace Overlord.Core.Api;

/// <summary>
/// Writing a metadata value the way upstream's client does: HEAD, then PUT when the key exists and POST when it does
/// not. Shared by the cmdlets' facade and the metadata-spec executor, which read a failed HEAD differently.
/// </summary>
internal static class MetadataWrites
{
    /// <summary>
    /// Writes <paramref name="value"/> at <paramref name="key"/> on the node at <paramref name="chain"/> (null: the node
    /// itself); true when the key was created. <paramref name="exists"/> reads the HEAD answer (and throws on a failure).
    /// </summary>
    public static async Task<bool> UpsertAsync(IOverlordApi api, string? chain, string key, string value,
        Func<Task<IApiResponse>, Task<bool>> exists, CancellationToken cancellationToken)
    {
        var body = new MetadataWriteRequest(value);
        if (await exists(chain is null ? api.CheckMetadataAsync(key, cancellationToken) : api.CheckChainMetadataAsync(chain, key, cancellationToken)).ConfigureAwait(false))
        {
            await (chain is null ? api.UpdateMetadataAsync(key, body, cancellationToken) : api.UpdateChainMetadataAsync(chain, key, body, cancellationToken)).ConfigureAwait(false);
            return false;
        }
        await (chain is null ? api.CreateMetadataAsync(key, body, cancellationToken) : api.CreateChainMetadataAsync(chain, key, body, cancellationToken)).ConfigureAwait(false);
        return true;
    }
}
