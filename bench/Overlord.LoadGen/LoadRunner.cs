using System.Diagnostics;

namespace Overlord.LoadGen;

/// <summary>The outcome of a measured run.</summary>
/// <param name="Requests">Requests completed in the measured phase (answered or failed).</param>
/// <param name="Errors">Of those, non-2xx answers and failures (connection errors, timeouts).</param>
/// <param name="Elapsed">Length of the measured phase.</param>
/// <param name="Latency">Latency of every answered request, errors included.</param>
internal sealed record LoadResult(long Requests, long Errors, TimeSpan Elapsed, LatencySummary Latency)
{
    /// <summary>Requests per second over the measured phase.</summary>
    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Requests / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Sends GET requests from <see cref="LoadGenOptions.Concurrency"/> workers over one shared client until the request
/// count or the duration is reached, after an unmeasured warm-up.
/// </summary>
internal sealed class LoadRunner(HttpMessageInvoker client)
{
    /// <summary>
    /// The client the command line uses: one <see cref="SocketsHttpHandler"/> with a connection per worker, no
    /// proxy, no cookies, and a connect callback that dials loopback addresses only.
    /// </summary>
    public static HttpMessageInvoker CreateClient(int concurrency) =>
        new(
            new SocketsHttpHandler
            {
                MaxConnectionsPerServer = Math.Max(1, concurrency),
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                UseProxy = false,
                UseCookies = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
                ConnectCallback = LoopbackGuard.ConnectAsync,
            },
            disposeHandler: true);

    /// <summary>Runs the warm-up, then the measured phase. Cancelling ends the run early with what was measured.</summary>
    public async Task<LoadResult> RunAsync(LoadGenOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Warmup > TimeSpan.Zero)
        {
            await PhaseAsync(options, requests: null, options.Warmup, record: false, cancellationToken).ConfigureAwait(false);
        }
        return await PhaseAsync(options, options.Requests, options.Duration, record: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LoadResult> PhaseAsync(LoadGenOptions options, long? requests, TimeSpan? duration, bool record, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        long issued = 0;
        long completed = 0;
        long errors = 0;
        var latencies = new List<long>[options.Concurrency];

        bool TakeTicket()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            if (requests is { } limit)
            {
                return Interlocked.Increment(ref issued) <= limit;
            }
            return Stopwatch.GetElapsedTime(started) < duration!.Value;
        }

        async Task WorkerAsync(int worker)
        {
            var mine = latencies[worker] = new List<long>(capacity: 1024);
            while (TakeTicket())
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, options.Url);
                foreach (var header in options.Headers)
                {
                    request.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Timeout);
                var begin = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
                    await response.Content.CopyToAsync(Stream.Null, timeout.Token).ConfigureAwait(false);
                    var took = Stopwatch.GetTimestamp() - begin;
                    if (record)
                    {
                        mine.Add(took);
                    }
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Interrupted: a request cut short by the user is neither a result nor an error.
                    return;
                }
#pragma warning disable CA1031 // Every failure of a request is an error to count, not a reason to stop.
                catch (Exception)
#pragma warning restore CA1031
                {
                    Interlocked.Increment(ref errors);
                }
                Interlocked.Increment(ref completed);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(WorkerAsync)).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var all = latencies.Where(l => l is not null).SelectMany(l => l).ToArray();
        return new LoadResult(completed, errors, elapsed, LatencySummary.FromTicks(all, Stopwatch.Frequency));
    }
}
