using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Overlord.Core.Config;
using Overlord.Service.Chains;

namespace Overlord.Service.Tests.Chains;

public sealed class ChainCallPolicyTests
{
    private static readonly TimeSpan AttemptTimeout10 = TimeSpan.FromSeconds(10);

    private readonly ProbedTime _time = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private ChainCallPolicy Create(ChainConfig alpha, double random = 0) =>
        new(
            TestConfigs.Node(new Dictionary<string, ChainConfig>(StringComparer.Ordinal) { ["alpha"] = alpha }),
            _time,
            NullLogger<ChainCallPolicy>.Instance,
            () => random);

    private static ChainConfig Alpha(int total = 6, int? timeout = 0, int? readTimeout = 10, int? connectTimeout = 5, double maxBackoff = 10, bool respectRetryAfter = true) =>
        TestConfigs.Chain() with
        {
            Timeout = timeout,
            ReadTimeout = readTimeout,
            ConnectTimeout = connectTimeout,
            Retry = new RetryConfig { Total = total, MaxBackoffWait = maxBackoff, RespectRetryAfterHeader = respectRetryAfter },
        };

    private static HttpRequestMessage Get() => new(HttpMethod.Get, "http://127.0.0.1:1/v1/ping");

    private static int Attempts(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues(ChainCallPolicy.AttemptsHeader).Single(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task GetIsRetriedOn503UpToTotalThenTheLast503IsReturned()
    {
        var policy = Create(Alpha(total: 3));
        var child = Child(_ => Status(HttpStatusCode.ServiceUnavailable));

        using var response = await policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, _ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(4, child.Attempts);
        Assert.Equal(4, Attempts(response));
        // Every failed answer but the returned one was disposed before the next attempt.
        Assert.Equal([true, true, true, false], child.Responses.Select(r => r.Disposed));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task RetryableStatusesAreRetriedUntilSuccess(HttpStatusCode status)
    {
        var policy = Create(Alpha());
        var child = Child(attempt => Status(attempt < 3 ? status : HttpStatusCode.OK));

        using var response = await policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, _ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, child.Attempts);
        Assert.Equal(3, Attempts(response));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.OK)]
    public async Task OtherStatusesAreNotRetried(HttpStatusCode status)
    {
        var policy = Create(Alpha());
        var child = Child(_ => Status(status));

        using var response = await policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, _ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(1, child.Attempts);
        Assert.Equal(1, Attempts(response));
    }

    [Fact]
    public async Task PostIsNeverRetried()
    {
        var policy = Create(Alpha());
        var child = Child(_ => Status(HttpStatusCode.ServiceUnavailable));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:1/v1/project/up/web") { Content = new StringContent("{}") };

        using var response = await policy.SendAsync("alpha", isTail: true, request, child.SendAsync, _ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, child.Attempts);
    }

    [Fact]
    public async Task PostTransportErrorIsNotRetried()
    {
        var policy = Create(Alpha());
        var child = Child(_ => throw new HttpRequestException("refused"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:1/v1/vm/vm1");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => policy.SendAsync("alpha", isTail: true, request, child.SendAsync, _ct));

        Assert.Equal(1, child.Attempts);
        Assert.Equal(1, error.Data[ChainCallPolicy.AttemptsDataKey]);
    }

    [Fact]
    public async Task NonTailHopIsNeverRetriedSoRetriesNeverMultiply()
    {
        var policy = Create(Alpha());
        var child = Child(_ => Status(HttpStatusCode.ServiceUnavailable));

        using var response = await policy.SendAsync("alpha", isTail: false, Get(), child.SendAsync, _ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, child.Attempts);
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    [InlineData("TRACE")]
    public async Task IdempotentMethodsAreRetried(string method)
    {
        var policy = Create(Alpha(total: 2));
        var child = Child(_ => Status(HttpStatusCode.BadGateway));
        using var request = new HttpRequestMessage(new HttpMethod(method), "http://127.0.0.1:1/v1/metadata/key");

        using var response = await policy.SendAsync("alpha", isTail: true, request, child.SendAsync, _ct);

        Assert.Equal(3, child.Attempts);
    }

    [Fact]
    public async Task TransportErrorIsRetried()
    {
        var policy = Create(Alpha());
        var child = Child(attempt => attempt < 3 ? throw new HttpRequestException("Connection refused") : Status(HttpStatusCode.OK));

        using var response = await policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, _ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, child.Attempts);
    }

    [Fact]
    public async Task PersistentTransportErrorIsRethrownWithTheAttemptCount()
    {
        var policy = Create(Alpha(total: 2));
        var child = Child(_ => throw new HttpRequestException("Connection refused"));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, _ct));

        Assert.Equal("Connection refused", error.Message);
        Assert.Equal(3, error.Data[ChainCallPolicy.AttemptsDataKey]);
        Assert.Equal(3, child.Attempts);
    }

    [Fact]
    public async Task BackoffDelaysDoubleFromBackoffFactor()
    {
        // Budget 60 s (connect_timeout), no per-attempt timeout, random factor 1: delays 0.4, 0.8, 1.6 s.
        var policy = Create(Alpha(total: 3, readTimeout: null, connectTimeout: 60), random: 1.0);
        var child = Child(_ => Status(HttpStatusCode.ServiceUnavailable));

        var call = policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, _ct);
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var due = await _time.NextTimerAsync(_ct);
            delays.Add(due);
            _time.Advance(due);
        }
        using var response = await call;

        Assert.Equal([TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1.6)], delays);
        Assert.Equal(4, child.Attempts);
        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(2.8)],
            child.StartedAt.Select(t => t - child.StartedAt[0]));
    }

    [Fact]
    public void BackoffFormula()
    {
        var retry = new RetryConfig();

        Assert.Equal(TimeSpan.FromSeconds(0.4), ChainCallPolicy.Backoff(retry, 1, 1.0));
        Assert.Equal(TimeSpan.FromSeconds(0.8), ChainCallPolicy.Backoff(retry, 3, 0.5));
        Assert.Equal(TimeSpan.Zero, ChainCallPolicy.Backoff(retry, 5, 0));
        Assert.Equal(TimeSpan.FromSeconds(10), ChainCallPolicy.Backoff(retry, 6, 1.0));
        Assert.Equal(TimeSpan.FromSeconds(0.2), ChainCallPolicy.Backoff(retry with { BackoffJitter = 0.5 }, 1, 1.0));
    }

    [Fact]
    public async Task RetryAfterIsHonoured()
    {
        var policy = Create(Alpha(total: 2, readTimeout: null, connectTimeout: 60), random: 1.0);
        var child = Child(attempt => attempt < 3 ? RetryAfter(3) : Status(HttpStatusCode.OK));

        var call = policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, _ct);
        var first = await _time.NextTimerAsync(_ct);
        _time.Advance(first);
        var second = await _time.NextTimerAsync(_ct);
        _time.Advance(second);
        using var response = await call;

        Assert.Equal(TimeSpan.FromSeconds(3), first);
        Assert.Equal(TimeSpan.FromSeconds(3), second);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, Attempts(response));
    }

    [Fact]
    public async Task RetryAfterIsCappedByMaxBackoffWait()
    {
        var policy = Create(Alpha(total: 1, readTimeout: null, connectTimeout: 600, maxBackoff: 10));
        var child = Child(attempt => attempt < 2 ? RetryAfter(120) : Status(HttpStatusCode.OK));

        var call = policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, _ct);
        var due = await _time.NextTimerAsync(_ct);
        _time.Advance(due);
        using var response = await call;

        Assert.Equal(TimeSpan.FromSeconds(10), due);
        Assert.Equal(2, child.Attempts);
    }

    [Fact]
    public async Task RetryAfterIsIgnoredWhenNotRespected()
    {
        var policy = Create(Alpha(total: 1, readTimeout: null, connectTimeout: 60, respectRetryAfter: false), random: 0.5);
        var child = Child(attempt => attempt < 2 ? RetryAfter(30) : Status(HttpStatusCode.OK));

        var call = policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, _ct);
        var due = await _time.NextTimerAsync(_ct);
        _time.Advance(due);
        using var response = await call;

        Assert.Equal(TimeSpan.FromSeconds(0.2), due);
    }

    [Fact]
    public async Task RetryAfterBeyondTheBudgetStopsRetrying()
    {
        // Default budget 5 s; the child asks for 8 s (under max_backoff_wait): no retry would start in time.
        var policy = Create(Alpha());
        var child = Child(_ => RetryAfter(8));

        using var response = await policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, _ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, child.Attempts);
    }

    [Fact]
    public async Task DeadTailWithDefaultsIsAnsweredWithinTheConnectTimeoutBudget()
    {
        // Defaults and the largest random factor: retries start at 0.4, 1.2, 2.8 s; the next would start at 6.0 s,
        // past the 5 s budget (connect_timeout), so 4 attempts instead of upstream's 7.
        var policy = Create(Alpha(), random: 1.0);
        var child = Child(_ => throw new HttpRequestException("Connection refused"));

        var call = policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, _ct);
        for (var i = 0; i < 3; i++)
        {
            // Skip the per-attempt read timeouts (10 s); they never fire here.
            var due = await _time.NextTimerAsync(_ct, d => d != AttemptTimeout10);
            _time.Advance(due);
        }
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => call);

        Assert.Equal(4, child.Attempts);
        Assert.Equal(4, error.Data[ChainCallPolicy.AttemptsDataKey]);
        Assert.True(child.StartedAt[^1] - child.StartedAt[0] < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task BudgetStopsRetriesOfASlowChild()
    {
        // Each attempt takes 2 s of fake time; budget 5 s: attempts start at 0, 2, 4; the next would start at 6.
        var policy = Create(Alpha());
        var child = Child(_ =>
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            return Status(HttpStatusCode.ServiceUnavailable);
        });

        using var response = await policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, _ct);

        Assert.Equal(3, child.Attempts);
        Assert.Equal(3, Attempts(response));
    }

    [Fact]
    public async Task ChainTimeoutIsTheBudgetWhenSet()
    {
        var policy = Create(Alpha(timeout: 9));
        var child = Child(_ =>
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            return Status(HttpStatusCode.ServiceUnavailable);
        });

        using var response = await policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, _ct);

        // Attempts start at 0, 2, 4, 6, 8; the next would start at 10 ≥ 9.
        Assert.Equal(5, child.Attempts);
    }

    [Fact]
    public async Task SlowAttemptTimesOutAtReadTimeoutAndIsRetriedWithinTheBudget()
    {
        var policy = Create(Alpha(readTimeout: 2));
        var child = Child(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return Status(HttpStatusCode.OK);
        });

        var call = policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, _ct);
        for (var i = 0; i < 3; i++)
        {
            var due = await _time.NextTimerAsync(_ct);
            Assert.Equal(TimeSpan.FromSeconds(2), due);
            _time.Advance(due);
        }
        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);

        // Timeouts at 2, 4, 6 s: the retry after the third would start past the 5 s budget.
        Assert.Equal(3, child.Attempts);
        Assert.Equal(3, error.Data[ChainCallPolicy.AttemptsDataKey]);
    }

    [Fact]
    public async Task ChainTimeoutBoundsEachAttemptAndTheBudget()
    {
        var policy = Create(Alpha(timeout: 3));
        var child = Child(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return Status(HttpStatusCode.OK);
        });

        var call = policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, _ct);
        var due = await _time.NextTimerAsync(_ct);
        _time.Advance(due);
        await Assert.ThrowsAsync<TimeoutException>(() => call);

        Assert.Equal(TimeSpan.FromSeconds(3), due);
        Assert.Equal(1, child.Attempts);
    }

    [Fact]
    public async Task NonTailHopStillHasItsAttemptTimeout()
    {
        var policy = Create(Alpha(readTimeout: 4));
        var child = Child(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return Status(HttpStatusCode.OK);
        });

        var call = policy.SendAsync("alpha", isTail: false, Get(), child.SendAsync, _ct);
        var due = await _time.NextTimerAsync(_ct);
        _time.Advance(due);
        await Assert.ThrowsAsync<TimeoutException>(() => call);

        Assert.Equal(TimeSpan.FromSeconds(4), due);
        Assert.Equal(1, child.Attempts);
    }

    [Fact]
    public async Task CallerCancellationIsNotRetried()
    {
        var policy = Create(Alpha());
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        var child = Child(async (_, ct) =>
        {
            await caller.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return Status(HttpStatusCode.OK);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => policy.SendAsync("alpha", isTail: true, Get(), child.SendAsync, caller.Token));

        Assert.Equal(1, child.Attempts);
    }

    [Fact]
    public async Task EveryAttemptGetsAFreshCopyOfTheRequest()
    {
        var policy = Create(Alpha(total: 2));
        var bodies = new List<string>();
        var seen = new List<HttpRequestMessage>();
        var child = Child(async (request, ct) =>
        {
            seen.Add(request);
            bodies.Add(await request.Content!.ReadAsStringAsync(ct));
            Assert.Equal("Bearer test-chain-token", request.Headers.GetValues("Authentication").Single());
            Assert.Equal("application/json; charset=utf-8", request.Content.Headers.ContentType!.ToString());
            return Status(HttpStatusCode.ServiceUnavailable);
        });
        using var original = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:1/v1/metadata/key")
        {
            Content = new StringContent("""{"value":"v"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        original.Headers.TryAddWithoutValidation("Authentication", "Bearer test-chain-token");

        using var response = await policy.SendAsync("alpha", isTail: true, original, child.SendAsync, _ct);

        Assert.Equal(3, seen.Count);
        Assert.Equal(3, seen.Distinct().Count());
        Assert.DoesNotContain(original, seen);
        Assert.All(bodies, b => Assert.Equal("""{"value":"v"}""", b));
    }

    [Fact]
    public async Task UnknownChainIsRejected()
    {
        var policy = Create(Alpha());
        var child = Child(_ => Status(HttpStatusCode.OK));

        await Assert.ThrowsAsync<ArgumentException>(() => policy.SendAsync("nope", isTail: true, Get(), child.SendAsync, _ct));
        Assert.Equal(0, child.Attempts);
    }

    [Fact]
    public void TimeoutAndBudgetFollowTheChainSettings()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), ChainCallPolicy.AttemptTimeout(Alpha()));
        Assert.Equal(TimeSpan.FromSeconds(7), ChainCallPolicy.AttemptTimeout(Alpha(timeout: 7)));
        Assert.Null(ChainCallPolicy.AttemptTimeout(Alpha(timeout: null, readTimeout: null)));
        Assert.Equal(TimeSpan.FromSeconds(5), ChainCallPolicy.Budget(Alpha()));
        Assert.Equal(TimeSpan.FromSeconds(7), ChainCallPolicy.Budget(Alpha(timeout: 7)));
        Assert.Equal(ChainCallPolicy.DefaultBudget, ChainCallPolicy.Budget(Alpha(timeout: null, connectTimeout: null)));
    }

    private static TrackedResponse Status(HttpStatusCode status) => new(status);

    private static TrackedResponse RetryAfter(int seconds)
    {
        var response = new TrackedResponse(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return response;
    }

    private sealed class TrackedResponse(HttpStatusCode status) : HttpResponseMessage(status)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    private FakeChild Child(Func<int, HttpResponseMessage> byAttempt) => new(_time, (attempt, _, _) => Task.FromResult(byAttempt(attempt)));

    private FakeChild Child(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) => new(_time, (_, request, ct) => answer(request, ct));

    /// <summary>A child node: answers attempt n (1-based) and records what it saw and when (on the fake clock).</summary>
    private sealed class FakeChild(TimeProvider clock, Func<int, HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer)
    {
        public int Attempts { get; private set; }

        public List<TrackedResponse> Responses { get; } = [];

        public List<DateTimeOffset> StartedAt { get; } = [];

        public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Attempts++;
            StartedAt.Add(clock.GetUtcNow());
            var response = await answer(Attempts, request, ct);
            if (response is TrackedResponse tracked)
            {
                Responses.Add(tracked);
            }
            return response;
        }
    }
}
