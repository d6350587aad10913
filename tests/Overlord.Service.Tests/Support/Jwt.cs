using System.Text;
using Overlord.Core.Security;
using Overlord.Service.Security;

namespace Overlord.Service.Tests.Support;

/// <summary>Tokens for the auth matrix.</summary>
public static class Jwt
{
    public static string Valid(TestNode node) => node.Token;

    public static string Expired(TestNode node) =>
        node.Tokens.Create(TokenService.Payload([new("node", node.Name)], DateTimeOffset.UtcNow.AddMinutes(-5)));

    public static string WrongKey(TestNode node) =>
        new TokenService(Encoding.UTF8.GetBytes("not-the-key-of-" + node.Name)).Create(TokenService.Payload([], null));

    /// <summary>An unsigned token (<c>alg: none</c>) with a valid-looking payload.</summary>
    public static string AlgNone() =>
        Base64Url("""{"alg":"none","typ":"JWT"}""") + "." + Base64Url(TokenService.Payload([], null)) + ".";

    /// <summary>The payload of <paramref name="token"/> as JSON text.</summary>
    public static string PayloadJson(string token) => Encoding.UTF8.GetString(FromBase64Url(token.Split('.')[1]));

    /// <summary>The header of <paramref name="token"/> as JSON text.</summary>
    public static string HeaderJson(string token) => Encoding.UTF8.GetString(FromBase64Url(token.Split('.')[0]));

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        return Convert.FromBase64String(padded);
    }
}
