using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using Overlord.Core.Config;

namespace Overlord.Core.Security;

/// <summary>
/// Creates and checks the node's access tokens: HS256 JWTs signed with the node's key, as upstream's PyJWT does.
/// Checking verifies the signature and, when present, <c>exp</c>/<c>nbf</c> with no leeway; no other claim is
/// required (upstream checks none). The node's <c>gen-token</c> and <c>New-OverlordToken</c> both mint through
/// <see cref="Generate"/>, so their tokens cannot drift apart.
/// </summary>
public sealed class TokenService
{
    /// <summary>The version upstream writes into <c>metadata["overlord.version"]</c>; we speak its 0.25.0 protocol.</summary>
    public const string ProtocolVersion = "0.25.0";

    private readonly SigningCredentials _credentials;
    private readonly TokenValidationParameters _validation;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A service for <paramref name="key"/> (raw HMAC key bytes).</summary>
    public TokenService(byte[] key)
    {
        var securityKey = new SymmetricSecurityKey(HmacKey(key));
        _credentials = new SigningCredentials(securityKey, SecurityAlgorithms.HmacSha256);
        _validation = new TokenValidationParameters
        {
            IssuerSigningKey = securityKey,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateIssuerSigningKey = false,
            ValidateLifetime = true,
            RequireExpirationTime = false,
            ClockSkew = TimeSpan.Zero,
        };
    }

    /// <summary>
    /// HMAC pads a key shorter than the hash block (64 bytes for SHA-256) with zero bytes, so a short key and the same
    /// key padded with zeros to 32 bytes sign identically. Microsoft.IdentityModel refuses HS256 keys under 256 bits,
    /// while upstream accepts any <c>secret_key</c>; padding keeps tokens byte-for-byte compatible with upstream's.
    /// </summary>
    private static byte[] HmacKey(byte[] key)
    {
        const int minimum = 32;
        if (key.Length >= minimum)
        {
            return key;
        }
        var padded = new byte[minimum];
        key.CopyTo(padded, 0);
        return padded;
    }

    /// <summary>Signs <paramref name="payloadJson"/> (a JSON object, written as given) with HS256.</summary>
    public string Create(string payloadJson) => _handler.CreateToken(payloadJson, _credentials);

    /// <summary>
    /// Upstream's <c>gen-token</c>: finds the key of <paramref name="config"/> as the node does (<see cref="SecretKeyStore"/>,
    /// which may create the key file) and signs <see cref="Payload"/>. Throws <see cref="SecretKeyException"/>.
    /// </summary>
    public static string Generate(NodeConfig config, IEnumerable<KeyValuePair<string, string>> metadata, DateTimeOffset? expires)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new TokenService(SecretKeyStore.Load(config, out _)).Create(Payload(metadata, expires));
    }

    /// <summary>
    /// Builds upstream's token payload: <c>{"metadata": {k: v…, "overlord.version": "0.25.0"}, "random_chunk": &lt;16 hex&gt;,
    /// ["exp": &lt;unix seconds&gt;]}</c>.
    /// </summary>
    public static string Payload(IEnumerable<KeyValuePair<string, string>> metadata, DateTimeOffset? expires)
    {
        // Python dicts keep the first position of a key that is assigned again; a Dictionary without removals does too.
        var ordered = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            // Upstream skips blank keys.
            if (key.Trim().Length == 0)
            {
                continue;
            }
            ordered[key] = value;
        }
        ordered["overlord.version"] = ProtocolVersion;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("metadata");
            foreach (var (key, value) in ordered)
            {
                writer.WriteString(key, value);
            }
            writer.WriteEndObject();
            writer.WriteString("random_chunk", Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant());
            if (expires is { } exp)
            {
                writer.WriteNumber("exp", exp.ToUnixTimeSeconds());
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>True when <paramref name="token"/> is a valid HS256 token for this key and not expired.</summary>
    public async Task<bool> ValidateAsync(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }
        var result = await _handler.ValidateTokenAsync(token, _validation).ConfigureAwait(false);
        return result.IsValid;
    }
}
