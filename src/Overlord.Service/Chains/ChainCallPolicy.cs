using System.Collections.Concurrent;
using System.Net;
using System.Runtime.ExceptionServices;
using Overlord.Core.Config;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Overlord.Service.Chains;

/// <summary>
/// Retries and timeouts of calls forwarded to a child chain, as one cached Polly pipeline per chain and kind of call.
/// </summary>
/// <remarks>
/// <para>
/// Every attempt is bounded by the chain's per-attempt timeout: <c>timeout</c> when it is above 0, else
/// <c>read_timeout</c> (a null one means none).
/// </para>
/// <para>
/// Retries follow <c>chains.&lt;n&gt;.retry</c> (upstream's httpx-retries rules: statuses 429 502 503 504, transport
/// errors and timeouts; only GET HEAD PUT DELETE OPTIONS TRACE; retry n waits
/// min(backoff_factor × 2^n × random(0..backoff_jitter), max_backoff_wait), or <c>Retry-After</c> capped the same way),
/// with two deliberate differences that keep a dead tail from taking over a minute to answer (wire transcripts 90–93):
/// </para>
/// <list type="number">
/// <item>Only the hop whose child is the tail retries. Upstream retries at every hop, so a 3-hop chain multiplies
/// 7 attempts by 7 by 7.</item>
/// <item>A call has a time budget: <c>timeout</c> when above 0, else <c>connect_timeout</c> (5 s by default), else
/// 5 s. No retry starts at or after the budget measured from the first attempt, so a refused connection is answered
/// within the budget, and a slow child within the budget plus one attempt.</item>
/// </list>
/// <para>
/// The answer carries the number of attempts in <see cref="AttemptsHeader"/>; an exception carries it in
/// <see cref="Exception.Data"/> under <see cref="AttemptsDataKey"/>. A per-attempt timeout surfaces as a
/// <see cref="TimeoutException"/>, so callers need not know Polly.
/// </para>
/// </remarks>
public sealed partial class ChainCallPolicy : IChainCallPolicy
{
    /// <summary>Response header holding the number of attempts a forwarded call took.</summary>
    public const string AttemptsHeader = "X-Overlord-Attempts";

    /// <summary>Key in <see cref="Exception.Data"/> holding the number of attempts a failed call took.</summary>
    public const string AttemptsDataKey = "Overlord.Attempts";

    /// <summary>Budget used when a chain has neither <c>timeout</c> nor <c>connect_timeout</c>.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(5);

    private const int MaxAttemptTimeoutSeconds = 86_400;

    private static readonly ResiliencePropertyKey<CallState> StateKey = new("Overlord.ChainCall");

    private static readonly HashSet<HttpMethod> RetryableMethods =
    [
        HttpMethod.Get, HttpMethod.Head, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Options, HttpMethod.Trace,
    ];

    private readonly IReadOnlyDictionary<string, ChainConfig> _chains;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly ILogger<ChainCallPolicy> _logger;
    private readonly ConcurrentDictionary<(string Chain, bool Retry), ResiliencePipeline<HttpResponseMessage>> _pipelines = new();

    /// <summary>Creates the policy for the chains of <paramref name="config"/>.</summary>
    /// <param name="config">The node config.</param>
    /// <param name="time">Clock for delays, timeouts and the budget.</param>
    /// <param name="logger">Log sink.</param>
    /// <param name="random">Source of the backoff's random factor in [0, 1); <see cref="Random.Shared"/> when null.</param>
    public ChainCallPolicy(NodeConfig config, TimeProvider time, ILogger<ChainCallPolicy> logger, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _chains = config.Chains;
        _time = time;
        _logger = logger;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <inheritdoc />
    public async Task<HttpResponseMessage> SendAsync(
        string chain,
        bool isTail,
        HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(send);
        if (!_chains.TryGetValue(chain, out var settings))
        {
            throw new ArgumentException($"Chain '{chain}' is not configured.", nameof(chain));
        }

        // The hop nearest the tail owns the retries; hops above it send once, so retries never multiply.
        var retry = isTail && RetryableMethods.Contains(request.Method) && settings.Retry.Total > 0;
        var pipeline = _pipelines.GetOrAdd((chain, retry), key => Build(key.Chain, settings, key.Retry));
        var state = new CallState(
            chain,
            settings,
            await BufferedHttpRequest.CreateAsync(request, ct).ConfigureAwait(false),
            send,
            _time.GetTimestamp());

        var context = ResilienceContextPool.Shared.Get(ct);
        try
        {
            context.Properties.Set(StateKey, state);
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    state.Attempts++;
                    var attempt = state.Request.Clone();
                    try
                    {
                        var response = await state.Send(attempt, context.CancellationToken).ConfigureAwait(false);
                        return Outcome.FromResult(response);
                    }
#pragma warning disable CA1031 // Polly wants failures as outcomes; the exception is rethrown after the last attempt.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        attempt.Dispose();
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                state).ConfigureAwait(false);

            if (outcome.Exception is { } exception)
            {
                if (exception is TimeoutRejectedException timeout)
                {
                    exception = new TimeoutException(
                        $"Chain '{chain}' did not answer within {timeout.Timeout.TotalSeconds:0.###} s.", timeout);
                }
                exception.Data[AttemptsDataKey] = state.Attempts;
                LogCallFailed(_logger, chain, request.Method.Method, state.Attempts, exception.GetType().Name);
                if (ReferenceEquals(exception, outcome.Exception))
                {
                    ExceptionDispatchInfo.Throw(exception);
                }
                throw exception;
            }

            var result = outcome.Result!;
            result.Headers.Remove(AttemptsHeader);
            result.Headers.TryAddWithoutValidation(AttemptsHeader, state.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return result;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The per-attempt timeout of a chain: <c>timeout</c> when above 0, else <c>read_timeout</c> when above 0, else none.</summary>
    public static TimeSpan? AttemptTimeout(ChainConfig settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        int? seconds = settings.Timeout is > 0 ? settings.Timeout : settings.ReadTimeout is > 0 ? settings.ReadTimeout : null;
        // Polly accepts at most one day; a longer timeout is as good as none for a forwarded call.
        return seconds is { } s ? TimeSpan.FromSeconds(Math.Min(s, MaxAttemptTimeoutSeconds)) : null;
    }

    /// <summary>The retry budget of a chain: <c>timeout</c> when above 0, else <c>connect_timeout</c> when above 0, else <see cref="DefaultBudget"/>.</summary>
    public static TimeSpan Budget(ChainConfig settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Timeout is > 0)
        {
            return TimeSpan.FromSeconds(settings.Timeout.Value);
        }
        return settings.ConnectTimeout is > 0 ? TimeSpan.FromSeconds(settings.ConnectTimeout.Value) : DefaultBudget;
    }

    /// <summary>
    /// The backoff of retry <paramref name="retry"/> (1-based) without <c>Retry-After</c>:
    /// min(backoff_factor × 2^retry × <paramref name="random"/> × backoff_jitter, max_backoff_wait).
    /// </summary>
    public static TimeSpan Backoff(RetryConfig retry, int retryNumber, double random)
    {
        ArgumentNullException.ThrowIfNull(retry);
        var seconds = retry.BackoffFactor * Math.Pow(2, retryNumber) * random * retry.BackoffJitter;
        seconds = Math.Clamp(seconds, 0, Math.Max(0, retry.MaxBackoffWait));
        return TimeSpan.FromSeconds(seconds);
    }

    private ResiliencePipeline<HttpResponseMessage> Build(string chain, ChainConfig settings, bool retry)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
        if (retry)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.Retry.Total,
                BackoffType = DelayBackoffType.Constant,
                Delay = TimeSpan.Zero,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context, args.Outcome, args.AttemptNumber)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(StateKey, null!).NextDelay),
                OnRetry = args =>
                {
                    LogRetrying(_logger, chain, args.AttemptNumber + 1, Describe(args.Outcome), args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
        if (AttemptTimeout(settings) is { } timeout)
        {
            builder.AddTimeout(timeout);
        }
        return builder.Build();
    }

    // Decides whether a failed attempt (attemptNumber is 0-based) is retried and, if so, after which delay. The delay is
    // chosen here rather than in DelayGenerator because the budget check needs it.
    private bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome, int attemptNumber)
    {
        if (!IsTransient(outcome, context.CancellationToken))
        {
            return false;
        }
        var state = context.Properties.GetValue(StateKey, null!);
        var retryNumber = attemptNumber + 1;
        if (retryNumber > state.Settings.Retry.Total)
        {
            return false;
        }
        var delay = RetryAfter(state.Settings.Retry, outcome.Result) ?? Backoff(state.Settings.Retry, retryNumber, _random());
        var elapsed = _time.GetElapsedTime(state.Started);
        var budget = Budget(state.Settings);
        if (elapsed + delay >= budget)
        {
            LogBudgetSpent(_logger, state.Chain, retryNumber, budget.TotalSeconds);
            return false;
        }
        state.NextDelay = delay;
        return true;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken callerToken) => outcome switch
    {
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        { Exception: HttpRequestException or TimeoutRejectedException or TimeoutException } => true,
        // An HttpClient.Timeout inside send: a cancellation nobody above asked for.
        { Exception: OperationCanceledException } => !callerToken.IsCancellationRequested,
        _ => false,
    };

    private TimeSpan? RetryAfter(RetryConfig retry, HttpResponseMessage? response)
    {
        if (!retry.RespectRetryAfterHeader || response?.Headers.RetryAfter is not { } header)
        {
            return null;
        }
        var wait = header.Delta ?? (header.Date is { } date ? date - _time.GetUtcNow() : TimeSpan.Zero);
        var cap = TimeSpan.FromSeconds(Math.Max(0, retry.MaxBackoffWait));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > cap ? cap : wait;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : outcome.Exception?.GetType().Name ?? "?";

    private sealed class CallState(
        string chain,
        ChainConfig settings,
        BufferedHttpRequest request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        long started)
    {
        public string Chain { get; } = chain;

        public ChainConfig Settings { get; } = settings;

        public BufferedHttpRequest Request { get; } = request;

        public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Send { get; } = send;

        public long Started { get; } = started;

        public int Attempts { get; set; }

        public TimeSpan NextDelay { get; set; }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Chain {Chain}: attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms")]
    private static partial void LogRetrying(ILogger logger, string chain, int attempt, string reason, double delayMs);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Chain {Chain}: retry {Retry} would start past the {BudgetSeconds} s budget; giving up")]
    private static partial void LogBudgetSpent(ILogger logger, string chain, int retry, double budgetSeconds);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Chain {Chain}: {Method} failed after {Attempts} attempt(s): {Error}")]
    private static partial void LogCallFailed(ILogger logger, string chain, string method, int attempts, string error);
}
