namespace Overlord.Service.Chains;

/// <summary>
/// A request whose body has been read into memory once, so that every attempt of a forwarded call can send a fresh
/// <see cref="HttpRequestMessage"/> (a message can be sent only once, and a streamed body can be read only once).
/// </summary>
public sealed class BufferedHttpRequest
{
    private readonly HttpRequestMessage _template;
    private readonly byte[]? _body;

    private BufferedHttpRequest(HttpRequestMessage template, byte[]? body)
    {
        _template = template;
        _body = body;
    }

    /// <summary>
    /// Reads the body of <paramref name="request"/> (if any) into memory. The request itself is left unsent and
    /// still belongs to the caller.
    /// </summary>
    public static async Task<BufferedHttpRequest> CreateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[]? body = null;
        if (request.Content is not null)
        {
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        return new BufferedHttpRequest(request, body);
    }

    /// <summary>Clones <paramref name="request"/> with a buffered copy of its body.</summary>
    public static async Task<HttpRequestMessage> CloneAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        (await CreateAsync(request, cancellationToken).ConfigureAwait(false)).Clone();

    /// <summary>A new message with the method, URI, version, headers, options and body of the original.</summary>
    public HttpRequestMessage Clone()
    {
        var clone = new HttpRequestMessage(_template.Method, _template.RequestUri)
        {
            Version = _template.Version,
            VersionPolicy = _template.VersionPolicy,
        };
        foreach (var header in _template.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        foreach (var option in _template.Options)
        {
            clone.Options.Set(new HttpRequestOptionsKey<object?>(option.Key), option.Value);
        }
        if (_body is not null)
        {
            var content = new ByteArrayContent(_body);
            foreach (var header in _template.Content!.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            clone.Content = content;
        }
        return clone;
    }
}
