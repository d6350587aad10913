using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace Overlord.Service.Hosting;

/// <summary>
/// The effective listener settings of a running node (config plus command-line and test overrides). Validated when
/// the host starts (<c>ValidateOnStart</c>), before any port opens.
/// </summary>
public sealed class NodeHostOptions
{
    /// <summary>Address both listeners bind; null for every address.</summary>
    public IPAddress? ListenAddress { get; set; }

    /// <summary>Plain HTTP port; 0 lets the system pick (tests).</summary>
    [Range(0, 65535)]
    public int HttpPort { get; set; }

    /// <summary>HTTPS port when TLS is on; 0 lets the system pick (tests).</summary>
    [Range(0, 65535)]
    public int HttpsPort { get; set; }

    /// <summary>Largest request body accepted, in bytes; larger ones get 413.</summary>
    [Range(1024, 1L << 30)]
    public long MaxRequestBodySize { get; set; } = NodeAppOptions.DefaultMaxRequestBodySize;
}

/// <summary>Source-generated validation of <see cref="NodeHostOptions"/>.</summary>
[OptionsValidator]
public sealed partial class NodeHostOptionsValidator : IValidateOptions<NodeHostOptions>;
