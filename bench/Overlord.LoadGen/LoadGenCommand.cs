namespace Overlord.LoadGen;

/// <summary>The overlord-loadgen command line, runnable in-process with any writers.</summary>
internal static class LoadGenCommand
{
    public const int Ok = 0;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["--help"] or ["-h"])
        {
            await stdout.WriteLineAsync(LoadGenOptions.Usage).ConfigureAwait(false);
            return Ok;
        }
        if (!LoadGenOptions.TryParse(args, out var options, out var error))
        {
            await stderr.WriteLineAsync($"overlord-loadgen: {error}").ConfigureAwait(false);
            await stderr.WriteLineAsync(LoadGenOptions.Usage).ConfigureAwait(false);
            return UsageError;
        }
        using var client = LoadRunner.CreateClient(options!.Concurrency);
        var result = await new LoadRunner(client).RunAsync(options, cancellationToken).ConfigureAwait(false);
        if (options.Json)
        {
            ReportWriter.WriteJson(stdout, options, result);
        }
        else
        {
            ReportWriter.WriteText(stdout, options, result);
        }
        return Ok;
    }
}
