using System.Globalization;

namespace Overlord.LoadGen;

/// <summary>What one run does: which URL, how hard, for how long.</summary>
internal sealed record LoadGenOptions
{
    public const string Usage = """
        usage: overlord-loadgen --url URL [--header 'Name: value']... [--concurrency N]
                                (--requests M | --duration S) [--warmup S] [--timeout S] [--json]

          --url URL          http(s) URL on a loopback host (localhost, 127.0.0.0/8, ::1); others are refused
          --header H         request header 'Name: value'; repeatable; values are never printed
          --concurrency N    requests in flight at once (default 1)
          --requests M       stop after M measured requests
          --duration S       stop after S seconds of measuring
          --warmup S         send load for S seconds first, unmeasured (default 0)
          --timeout S        per-request timeout in seconds (default 30)
          --json             print the report as one JSON object
        """;

    public required Uri Url { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public int Concurrency { get; init; } = 1;

    public long? Requests { get; init; }

    public TimeSpan? Duration { get; init; }

    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool Json { get; init; }

    /// <summary>Parses the command line; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out LoadGenOptions? options, out string? error)
    {
        options = null;
        Uri? url = null;
        var headers = new List<KeyValuePair<string, string>>();
        int concurrency = 1;
        long? requests = null;
        double? duration = null;
        double warmup = 0;
        double timeout = 30;
        var json = false;

        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--json")
            {
                json = true;
                continue;
            }
            if (name is not ("--url" or "--header" or "--concurrency" or "--requests" or "--duration" or "--warmup" or "--timeout"))
            {
                error = $"unknown argument '{name}'.";
                return false;
            }
            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value.";
                return false;
            }
            var value = args[++i];
            switch (name)
            {
                case "--url":
                    if (!Uri.TryCreate(value, UriKind.Absolute, out url))
                    {
                        error = $"--url '{value}' is not an absolute URL.";
                        return false;
                    }
                    if (!LoopbackGuard.IsLoopback(url))
                    {
                        error = $"--url '{value}' is refused: only http(s) to localhost, 127.0.0.0/8 or ::1 is allowed.";
                        return false;
                    }
                    break;
                case "--header":
                    var colon = value.IndexOf(':', StringComparison.Ordinal);
                    if (colon <= 0 || value[..colon].Trim().Length == 0)
                    {
                        error = "--header must look like 'Name: value'.";
                        return false;
                    }
                    headers.Add(new(value[..colon].Trim(), value[(colon + 1)..].Trim()));
                    break;
                case "--concurrency":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out concurrency) || concurrency < 1 || concurrency > 10_000)
                    {
                        error = "--concurrency must be a whole number from 1 to 10000.";
                        return false;
                    }
                    break;
                case "--requests":
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
                    {
                        error = "--requests must be a whole number of at least 1.";
                        return false;
                    }
                    requests = count;
                    break;
                case "--duration":
                    if (!TryParseSeconds(value, out var seconds) || seconds <= 0)
                    {
                        error = "--duration must be a number of seconds above 0.";
                        return false;
                    }
                    duration = seconds;
                    break;
                case "--warmup":
                    if (!TryParseSeconds(value, out warmup) || warmup < 0)
                    {
                        error = "--warmup must be a number of seconds, 0 or more.";
                        return false;
                    }
                    break;
                default:
                    if (!TryParseSeconds(value, out timeout) || timeout <= 0)
                    {
                        error = "--timeout must be a number of seconds above 0.";
                        return false;
                    }
                    break;
            }
        }

        if (url is null)
        {
            error = "--url is required.";
            return false;
        }
        if (requests is null == duration is null)
        {
            error = "give exactly one of --requests and --duration.";
            return false;
        }
        options = new LoadGenOptions
        {
            Url = url,
            Headers = headers,
            Concurrency = concurrency,
            Requests = requests,
            Duration = duration is { } d ? TimeSpan.FromSeconds(d) : null,
            Warmup = TimeSpan.FromSeconds(warmup),
            Timeout = TimeSpan.FromSeconds(timeout),
            Json = json,
        };
        error = null;
        return true;
    }

    private static bool TryParseSeconds(string value, out double seconds) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out seconds)
        && double.IsFinite(seconds) && seconds <= 86_400;
}
