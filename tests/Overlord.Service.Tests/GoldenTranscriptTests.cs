using System.IO.Compression;
using System.Net;
using Overlord.Service.Tests.Support;

namespace Overlord.Service.Tests;

/// <summary>
/// The upstream wire transcripts (shared/reference/wire, cases 01–47 that concern ping, labels, chains, auth and the
/// router) replayed against the same tree: status codes, content type, CORS headers and bodies with their key order.
/// Cases whose behaviour we change on purpose assert our behaviour and name the difference.
/// </summary>
public sealed class GoldenTranscriptTests(NodeTreeFixture fixture) : IClassFixture<NodeTreeFixture>
{
    private NodeTree Tree => fixture.Tree;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, string? authentication = "valid", string? authorization = null, string? body = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (authentication is not null)
        {
            request.Headers.TryAddWithoutValidation("Authentication", authentication == "valid" ? "Bearer " + Tree.Main.Token : authentication);
        }
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }
        var response = await Tree.Main.Raw().SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text, response);
    }

    private static void AssertUpstreamHeaders(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
    }

    [Theory]
    [InlineData("01", "/v1/ping", """{"status_code": 200, "status": "OK"}""")]
    [InlineData("02", "/v1/ping/", """{"status_code": 200, "status": "OK"}""")]
    [InlineData("03", "/v1/chains", """{"status_code": 200, "chains": ["alpha"]}""")]
    [InlineData("04", "/v1/labels", """{"status_code": 200, "labels": ["all", "main"]}""")]
    [InlineData("05", "/v1/jails", """{"status_code": 200, "jails": []}""")]
    [InlineData("06", "/v1/projects", """{"status_code": 200, "projects": []}""")]
    [InlineData("07", "/v1/stats", """{"status_code": 200, "stats": {}}""")]
    [InlineData("10", "/v1/jails/logs", """{"status_code": 200, "logs": {}}""")]
    [InlineData("12", "/v1/chain/alpha/ping", """{"status_code": 200, "status": "OK"}""")]
    [InlineData("13", "/v1/chain/alpha/chains", """{"status_code": 200, "chains": ["bravo", "charlie"]}""")]
    [InlineData("14", "/v1/chain/alpha/labels", """{"status_code": 200, "labels": ["all", "alpha", "web"]}""")]
    [InlineData("15", "/v1/chain/alpha.charlie/chains", """{"status_code": 200, "chains": ["delta"]}""")]
    [InlineData("16", "/v1/chain/alpha.charlie.delta/ping", """{"status_code": 200, "status": "OK"}""")]
    [InlineData("17", "/v1/chain/alpha.charlie.delta/labels", """{"status_code": 200, "labels": ["all", "delta", "db-only"]}""")]
    [InlineData("18", "/v1/chain/alpha.charlie.delta/chains", """{"status_code": 200, "chains": []}""")]
    [InlineData("19", "/v1/chain/alpha.charlie.delta/jails", """{"status_code": 200, "jails": []}""")]
    [InlineData("20", "/v1/chain/alpha.bravo/labels", """{"status_code": 200, "labels": ["all", "bravo", "web"]}""")]
    public async Task SuccessfulCallsMatchUpstream(string @case, string path, string expected)
    {
        var (status, body, response) = await SendAsync(HttpMethod.Get, path);

        Assert.True(status == HttpStatusCode.OK, $"case {@case}: {status} {body}");
        AssertUpstreamHeaders(response);
        JsonAssert.Equal(expected, body);
    }

    [Theory]
    [InlineData("21", null, 401, "'Authentication' header is required but hasn't been specified.")]
    [InlineData("22", "Bearer not.a.jwt", 401, "Error while decoding the JWT.")]
    [InlineData("25", "Token abc", 400, "Authentication scheme is invalid for this entrypoint.")]
    [InlineData("26", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", 400, "'Authentication' header is invalid for this entrypoint.")]
    [InlineData("27", "bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", 400, "Authentication scheme is invalid for this entrypoint.")]
    public async Task AuthenticationErrorsMatchUpstream(string @case, string? header, int expectedStatus, string message)
    {
        var (status, body, response) = await SendAsync(HttpMethod.Get, "/v1/ping", authentication: header);

        Assert.True((int)status == expectedStatus, $"case {@case}: {status} {body}");
        AssertUpstreamHeaders(response);
        JsonAssert.Equal($$"""{"status_code": {{expectedStatus}}, "message": "{{message}}"}""", body);
    }

    [Fact]
    public async Task Case23WrongKeyTokenIs401()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, "/v1/ping", authentication: "Bearer " + Jwt.WrongKey(Tree.Main));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        JsonAssert.Equal("""{"status_code": 401, "message": "Error while decoding the JWT."}""", body);
    }

    [Fact]
    public async Task Case24AuthorizationHeaderIsAcceptedUnlikeUpstream()
    {
        // Deliberate difference: upstream answers 401 (it reads only 'Authentication').
        var (status, body, _) = await SendAsync(HttpMethod.Get, "/v1/ping", authentication: null, authorization: "Bearer " + Tree.Main.Token);

        Assert.Equal(HttpStatusCode.OK, status);
        JsonAssert.Equal("""{"status_code": 200, "status": "OK"}""", body);
    }

    [Fact]
    public async Task Case28UnknownChain()
    {
        var (status, body, response) = await SendAsync(HttpMethod.Get, "/v1/chain/nope/ping");

        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertUpstreamHeaders(response);
        JsonAssert.Equal("""{"status_code": 404, "message": "Next entrypoint 'nope' cannot be found."}""", body);
    }

    [Theory]
    [InlineData("29", "/v1/chain/alpha.nope/labels", "get_api_labels", "nope", "/v1/chain/nope/labels")]
    [InlineData("30", "/v1/chain/alpha.charlie.nope/labels", "get_api_labels", "charlie.nope", "/v1/chain/charlie.nope/labels")]
    [InlineData("47", "/v1/chain/alpha.charlie.delta/jail/info/nosuchjail", "get_info", "charlie.delta", "/v1/chain/charlie.delta/jail/info/nosuchjail")]
    public async Task DeepChainFailuresHaveUpstreamsFailureBody(string @case, string path, string function, string chain, string childPath)
    {
        var (status, body, response) = await SendAsync(HttpMethod.Get, path);

        Assert.True(status == HttpStatusCode.NotFound, $"case {@case}: {status} {body}");
        AssertUpstreamHeaders(response);
        Assert.Equal(["status_code", "function", "entrypoint", "chain", "error", "message"], JsonAssert.Keys(body));
        var expected = $$"""
            {"status_code": 404, "function": "{{function}}", "entrypoint": "alpha", "chain": "{{chain}}", "error": "HTTPStatusError",
             "message": "Client error '404 Not Found' for url '{{Tree.Alpha.BaseAddress.GetLeftPart(UriPartial.Authority)}}{{childPath}}'"}
            """;
        JsonAssert.Equal(expected, body);
    }

    [Fact]
    public async Task Case31InvalidChainNameIs400NotUpstreams500()
    {
        // Deliberate difference: upstream raises outside its handler and answers 500 "Internal Server Error".
        var (status, body, response) = await SendAsync(HttpMethod.Get, "/v1/chain/alpha..charlie/ping");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertUpstreamHeaders(response);
        Assert.Equal(["status_code", "message"], JsonAssert.Keys(body));
        Assert.Contains("alpha..charlie", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("32", "GET", "/v1/chain/nope/ping", null, 401, "'Authentication' header is required but hasn't been specified.")]
    [InlineData("33", "GET", "/v1/nope", "valid", 404, "Not Found")]
    [InlineData("34", "GET", "/v1/nope", null, 404, "Not Found")]
    [InlineData("35", "GET", "/nope", "valid", 404, "Not Found")]
    [InlineData("36", "GET", "/", "valid", 400, "API resource must be specified but is missing.")]
    [InlineData("37", "GET", "/v1", "valid", 400, "API resource must be specified but is missing.")]
    [InlineData("38", "GET", "/v1/", null, 400, "API resource must be specified but is missing.")]
    [InlineData("39", "POST", "/v1/ping", "valid", 405, "Method Not Allowed")]
    [InlineData("40", "DELETE", "/v1/labels", "valid", 405, "Method Not Allowed")]
    [InlineData("41", "OPTIONS", "/v1/ping", null, 401, "'Authentication' header is required but hasn't been specified.")]
    [InlineData("45", "GET", "/v1/jail/info/nosuchjail", "valid", 404, "Jail 'nosuchjail' cannot be found.")]
    [InlineData("--", "POST", "/v1/ping", null, 401, "'Authentication' header is required but hasn't been specified.")]
    [InlineData("--", "GET", "/v1/chain/-bad/ping", null, 404, "Not Found")]
    [InlineData("--", "GET", "/v1/chain/alpha/", null, 404, "Not Found")]
    public async Task RoutingErrorsMatchUpstream(string @case, string method, string path, string? authentication, int expectedStatus, string message)
    {
        var (status, body, response) = await SendAsync(new HttpMethod(method), path, authentication);

        Assert.True((int)status == expectedStatus, $"case {@case}: {status} {body}");
        AssertUpstreamHeaders(response);
        JsonAssert.Equal($$"""{"status_code": {{expectedStatus}}, "message": "{{message}}"}""", body);
    }

    [Fact]
    public async Task Case42HeadOnPingIs405WithoutBody()
    {
        var (status, body, response) = await SendAsync(HttpMethod.Head, "/v1/ping");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal("", body);
        Assert.Equal(50, response.Content.Headers.ContentLength); // the length of the body a GET would carry
        AssertUpstreamHeaders(response);
    }

    [Fact]
    public async Task OptionsWithATokenAnswersTheMethodsAsUpstream()
    {
        var (status, body, response) = await SendAsync(HttpMethod.Options, "/v1/ping");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("", body);
        Assert.Equal("POST, GET, PUT, DELETE, OPTIONS", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
    }

    [Theory]
    [InlineData("43", "{not json", "Request has been received with an invalid format.")]
    [InlineData("44", "[1,2]", "A dictionary was expected but another value type was given.")]
    public async Task BodiesAreCheckedBeforeTheToken(string @case, string payload, string message)
    {
        foreach (var authentication in new[] { "valid", null })
        {
            var (status, body, response) = await SendAsync(HttpMethod.Get, "/v1/ping", authentication, body: payload);

            Assert.True(status == HttpStatusCode.BadRequest, $"case {@case}: {status} {body}");
            AssertUpstreamHeaders(response);
            JsonAssert.Equal($$"""{"status_code": 400, "message": "{{message}}"}""", body);
        }
    }

    [Fact]
    public async Task AnObjectBodyIsFine()
    {
        var (status, _, _) = await SendAsync(HttpMethod.Get, "/v1/ping", body: """{"any": "thing"}""");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Case11GzipIsHonoured()
    {
        var (status, _, response) = await SendAsync(HttpMethod.Get, "/v1/ping", accept: "gzip");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(Ct), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        JsonAssert.Equal("""{"status_code": 200, "status": "OK"}""", await reader.ReadToEndAsync(Ct));
    }
}
