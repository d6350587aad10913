using System.Net;
using Overlord.Service.Tests.Support;

namespace Overlord.Service.Tests;

/// <summary>Every authenticated route against every kind of credential.</summary>
public sealed class AuthMatrixTests(NodeTreeFixture fixture) : IClassFixture<NodeTreeFixture>
{
    private static readonly (string Route, bool Own)[] Routes =
    [
        ("/v1/ping", false),
        ("/v1/ping/", false),
        ("/v1/labels", false),
        ("/v1/chains", false),
        ("/v1/chain/alpha/ping", false),
        ("/v1/chain/alpha.charlie.delta/labels", false),
        ("/v1/chains/tree", true),
        ("/v1/chains/stats", true),
        ("/openapi/v1.json", true),
    ];

    private static readonly (string Credential, string Status)[] Credentials =
    [
        ("missing", "401"),
        ("no-scheme", "400"),
        ("wrong-scheme", "400"),
        ("garbage", "401"),
        ("wrong-key", "401"),
        ("alg-none", "401"),
        ("expired", "401"),
        ("bearer-only", "400"),
        ("valid-authentication", "200"),
        ("valid-authorization", "200"),
        ("valid-authorization-lowercase-scheme", "200"),
    ];

    public static TheoryData<string, bool, string, string> Matrix()
    {
        var data = new TheoryData<string, bool, string, string>();
        foreach (var (route, own) in Routes)
        {
            foreach (var (credential, status) in Credentials)
            {
                data.Add(route, own, credential, status);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task EveryRouteChecksTheToken(string route, bool ownRoute, string credential, string expected)
    {
        var main = fixture.Tree.Main;
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        var (header, value) = credential switch
        {
            "missing" => (null, null),
            "no-scheme" => ("Authentication", main.Token),
            "wrong-scheme" => ("Authentication", "Token " + main.Token),
            "garbage" => ("Authentication", "Bearer not.a.jwt"),
            "wrong-key" => ("Authentication", "Bearer " + Jwt.WrongKey(main)),
            "alg-none" => ("Authentication", "Bearer " + Jwt.AlgNone()),
            "expired" => ("Authentication", "Bearer " + Jwt.Expired(main)),
            "bearer-only" => ("Authentication", "Bearer "), // HTTP trims the trailing space: one part
            "valid-authentication" => ("Authentication", "Bearer " + main.Token),
            "valid-authorization" => ("Authorization", "Bearer " + main.Token),
            _ => ("Authorization", "bearer " + main.Token),
        };
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        var response = await main.Raw().SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) == expected, $"{route} {credential}: {(int)response.StatusCode} {body}");
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return;
        }
        if (ownRoute)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("\"status\":" + expected, body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
            Assert.Equal(["status_code", "message"], JsonAssert.Keys(body));
        }
    }
}
