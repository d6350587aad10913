using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Diagnostics;
using Overlord.Benchmarks.Shared;
using System.Globalization;
using System.Text.Json;
using Overlord.Core.Config;
using Overlord.Emulators;
using Overlord.Service.Hosting;
using Overlord.Service.Jails.Polling;
using Overlord.Service.Security;

// One node in-process over one emulated host of N jails (the tools are real processes: the emulator's wrapper
// scripts). Measures each poll cycle (wall, node CPU, tool-process CPU) and API read latency with and without a
// cycle running. Background loops are parked (interval 3600 s) so only measured cycles run.
var options = BenchOptions.Parse(args);
using var host = EmulatedHost.Create(executable: options.Emulator);
Seed(host, options.Jails);

await using var node = await BenchNode.StartAsync(host);
var (app, baseAddress, token) = (node.App, node.BaseAddress, node.Token);
var pollers = app.Services.GetRequiredService<JailPollers>();

// Warm-up: waits behind the start-up cycles, fills the cache, JITs the node's side.
await pollers.PollAllOnceAsync(CancellationToken.None);
var jails = app.Services.GetRequiredService<JailHostCache>().Current.Jails;
if (jails.Length != options.Jails)
{
    Console.Error.WriteLine($"expected {options.Jails} jails in the cache, found {jails.Length}");
    return 70;
}

// What one tool process costs on this machine (spawn + the emulator's own start), to read the cycle figures by.
var spawn = await MeasureSpawnAsync(host.ToolPath("sysctl"), 50);
Console.WriteLine($"one tool run (sysctl -n kern.racct.enable, 50 runs): {spawn:0.0} ms");

var cycles = new List<CycleFigures>();
for (var i = 0; i < options.Cycles; i++)
{
    cycles.Add(await MeasureCycleAsync(pollers));
    Console.WriteLine(cycles[^1]);
}

using var http = new HttpClient { BaseAddress = baseAddress };
http.DefaultRequestHeaders.TryAddWithoutValidation("Authentication", "Bearer " + token);
// Warm the request path first (tiered JIT), so "idle" and "polling" compare the same code.
await ReadLatencyAsync(http, jails, options.Readers, until: Task.Delay(TimeSpan.FromSeconds(2)));
var idle = await ReadLatencyAsync(http, jails, options.Readers, until: Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds)));
var busyCycle = MeasureCycleAsync(pollers);
var busy = await ReadLatencyAsync(http, jails, options.Readers, until: busyCycle);
cycles.Add(await busyCycle);


var report = new BenchReport(options.Jails, Environment.ProcessorCount, options.Emulator ?? "overlord-emu (JIT)", Math.Round(spawn, 2), cycles, idle, busy);
Console.WriteLine($"reads idle:    {idle}");
Console.WriteLine($"reads polling: {busy}");
if (options.OutFile is not null)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.OutFile))!);
    await File.WriteAllTextAsync(options.OutFile, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"wrote {options.OutFile}");
}
return 0;

static void Seed(EmulatedHost host, int count)
{
    for (var i = 0; i < count; i++)
    {
        var jail = host.AddJail($"j{i:D4}").Label("app", $"web-{i % 10}").Limit("memoryuse:deny=512M").Ip4($"10.0.{i / 250}.{i % 250 + 2}");
        // Two of three running, as on a busy host; only running jails get rctl and cpuset calls.
        if (i % 3 != 0)
        {
            jail.Running().Expose(10000 + i, 80).Usage(new Dictionary<string, long> { ["memoryuse"] = 1_000_000 + i, ["pcpu"] = i % 100 });
        }
    }
    for (var p = 0; p < count / 50; p++)
    {
        host.AddProject($"p{p:D3}").State("done").Service("app", $"j{p * 50 + 1:D4}");
    }
}

static async Task<double> MeasureSpawnAsync(string tool, int runs)
{
    var runner = new Overlord.Service.Jails.Tools.ToolRunner(TimeSpan.FromSeconds(1), Microsoft.Extensions.Logging.Abstractions.NullLogger<Overlord.Service.Jails.Tools.ToolRunner>.Instance);
    var command = new Overlord.Service.Jails.Tools.ToolCommand(tool, ["-n", "kern.racct.enable"], Timeout: TimeSpan.FromSeconds(30));
    await runner.RunAsync(command, CancellationToken.None);
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < runs; i++)
    {
        await runner.RunAsync(command, CancellationToken.None);
    }
    return clock.Elapsed.TotalMilliseconds / runs;
}

static async Task<CycleFigures> MeasureCycleAsync(JailPollers pollers)
{
    var (self0, children0) = (ProcessCpu.Self(), ProcessCpu.Children());
    var clock = Stopwatch.StartNew();
    var metrics = await pollers.PollAllOnceAsync(CancellationToken.None);
    clock.Stop();
    var (self1, children1) = (ProcessCpu.Self(), ProcessCpu.Children());
    var failed = metrics.Where(m => m.Outcome is not PollOutcome.Completed || m.Failures > 0).Select(m => $"{m.Poller}:{m.Outcome}/{m.Failures}").ToList();
    if (failed.Count > 0)
    {
        throw new InvalidOperationException("a poll cycle did not complete cleanly: " + string.Join(", ", failed));
    }
    return new CycleFigures(
        clock.Elapsed.TotalMilliseconds,
        (self1 - self0).TotalMilliseconds,
        (children1 - children0).TotalMilliseconds,
        metrics.ToDictionary(m => m.Poller, m => Math.Round(m.Duration.TotalMilliseconds, 1)));
}

static async Task<LatencyFigures> ReadLatencyAsync(HttpClient http, IReadOnlyList<string> jails, int readers, Task until)
{
    var samples = new List<double>[readers];
    var errors = 0;
    var workers = Enumerable.Range(0, readers).Select(async r =>
    {
        var mine = samples[r] = [];
        var random = new Random(r);
        for (var n = 0; !until.IsCompleted; n++)
        {
            var jail = jails[random.Next(jails.Count)];
            var path = (n % 3) switch { 0 => "/v1/jails", 1 => $"/v1/jail/info/{jail}", _ => $"/v1/jail/stats/{jail}" };
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync(path).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            mine.Add(clock.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
            }
        }
    }).ToArray();
    await until;
    await Task.WhenAll(workers);
    var all = samples.SelectMany(s => s).Order().ToArray();
    double At(double q) => all.Length == 0 ? double.NaN : Math.Round(all[Math.Min(all.Length - 1, (int)(q * all.Length))], 3);
    return new LatencyFigures(all.Length, errors, At(0.5), At(0.99), all.Length == 0 ? double.NaN : Math.Round(all[^1], 3));
}

internal sealed record CycleFigures(double WallMs, double NodeCpuMs, double ToolCpuMs, IReadOnlyDictionary<string, double> PollerWallMs)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"cycle: wall {WallMs:0} ms, node CPU {NodeCpuMs:0} ms, tool processes CPU {ToolCpuMs:0} ms ({string.Join(", ", PollerWallMs.Select(p => $"{p.Key} {p.Value:0}"))})");
}

internal sealed record LatencyFigures(int Requests, int Errors, double P50Ms, double P99Ms, double MaxMs)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Requests} requests, {Errors} errors, p50 {P50Ms:0.###} ms, p99 {P99Ms:0.###} ms, max {MaxMs:0.###} ms");
}

internal sealed record BenchReport(int Jails, int Cores, string Emulator, double ToolRunMs, IReadOnlyList<CycleFigures> Cycles, LatencyFigures ReadsIdle, LatencyFigures ReadsWhilePolling);

internal sealed record BenchOptions(int Jails, int Cycles, int Readers, int IdleSeconds, string? OutFile, string? Emulator)
{
    public static BenchOptions Parse(string[] args)
    {
        var (jails, cycles, readers, idle, outFile, emulator) = (500, 3, 4, 3, (string?)null, (string?)null);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--jails": jails = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--cycles": cycles = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--readers": readers = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--idle-seconds": idle = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--out": outFile = Next(); break;
                case "--emulator": emulator = Path.GetFullPath(Next()); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}' (--jails N --cycles N --readers N --idle-seconds N --out FILE --emulator PATH)");
            }
        }
        return new BenchOptions(jails, cycles, readers, idle, outFile, emulator);
    }
}

/// <summary>CPU time of this process and of its waited-for children (the tool processes), from /proc/self/stat.</summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan Self() => Process.GetCurrentProcess().TotalProcessorTime;

    public static TimeSpan Children()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        // Fields after the parenthesised command name; cutime and cstime are fields 16 and 17 (1-based).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
