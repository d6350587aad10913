using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Overlord.Benchmarks.Shared;
using Overlord.Core.Api;
using Overlord.Core.Config;
using Overlord.Emulators;
using Overlord.Service.Hosting;
using Overlord.Service.Jobs;
using Overlord.Service.Security;

// One node in-process over one emulated host (the tools are real processes: the emulator's wrapper scripts). N clients
// POST /v1/project/up for distinct projects; measured: accept rate (client side), accept → RUNNING per job, the
// scheduling overhead (RUNNING minus the moment the job was both accepted and a worker was free), time to drain every
// job, and the process RSS at the end. Pollers are parked (interval 3600 s) so only jobs run.
var options = BenchOptions.Parse(args);
using var host = EmulatedHost.Create(executable: options.Emulator);
var makejail = Path.Combine(host.Root, "Makejail");
File.WriteAllLines(makejail, ["OPTION start", "OPTION overwrite=force"]);
var file = $"services:\n  app:\n    makejail: '{makejail}'\n";

await using var node = await BenchNode.StartAsync(host, $"jobs:\n  workers: {options.Workers}");
var (app, baseAddress, token) = (node.App, node.BaseAddress, node.Token);
using var client = OverlordClient.Create(baseAddress, token);
var api = client.Api;
var store = app.Services.GetRequiredService<JobStore>();

// Warm-up: one job through the whole path (JIT of the node, the client and the emulator's first start).
var warm = (await api.UpProjectAsync("warmup", new ProjectUpRequest(file), CancellationToken.None)).JobId;
while (!(await api.GetJobAsync(warm, CancellationToken.None)).Terminal)
{
    await Task.Delay(20);
}

var ids = new long[options.Jobs];
var next = -1;
var totalClock = Stopwatch.StartNew();
var acceptClock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async _ =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < options.Jobs)
    {
        ids[i] = (await api.UpProjectAsync($"bench{i:D4}", new ProjectUpRequest(file), CancellationToken.None)).JobId;
    }
}));
acceptClock.Stop();
var acceptSeconds = acceptClock.Elapsed.TotalSeconds;
Console.WriteLine($"accepted {options.Jobs} jobs in {acceptSeconds:0.00} s ({options.Jobs / acceptSeconds:0} jobs/s, {options.Clients} clients)");

while (store.Unfinished().Count > 0)
{
    await Task.Delay(100);
}
var drainSeconds = totalClock.Elapsed.TotalSeconds;
Console.WriteLine($"all jobs final after {drainSeconds:0.0} s");
var rssMb = Process.GetCurrentProcess().WorkingSet64 / 1048576.0;

var jobs = ids.Select(id => store.Get(id)!).ToList();
var statuses = jobs.GroupBy(j => j.Status).ToDictionary(g => g.Key, g => g.Count());
var acceptToRunning = jobs.Select(j => (j.Started!.Value - j.Created) * 1000).Order().ToList();
// A job could start once it was accepted and some worker had finished its previous job (or was idle).
var finishes = jobs.Select(j => j.Finished!.Value).Order().ToArray();
var overhead = new List<double>();
foreach (var job in jobs)
{
    var started = job.Started!.Value;
    var index = Array.BinarySearch(finishes, started);
    index = index < 0 ? ~index - 1 : index;
    var freed = index >= 0 ? finishes[index] : double.MinValue;
    overhead.Add(Math.Max(0, started - Math.Max(job.Created, freed)) * 1000);
}
overhead.Sort();
var runMs = jobs.Select(j => (j.Finished!.Value - j.Started!.Value) * 1000).Order().ToList();


var report = new BenchReport(
    options.Jobs, options.Clients, options.Workers, Environment.ProcessorCount, options.Emulator ?? "overlord-emu (JIT)",
    statuses,
    Math.Round(options.Jobs / acceptSeconds, 1),
    Math.Round(acceptSeconds, 3),
    Figures.Of(acceptToRunning),
    Figures.Of(overhead),
    Figures.Of(runMs),
    Math.Round(drainSeconds, 2),
    Math.Round(rssMb, 1));
Console.WriteLine($"statuses: {string.Join(", ", statuses.Select(s => $"{s.Key} {s.Value}"))}");
Console.WriteLine($"accept -> RUNNING: {report.AcceptToRunningMs}");
Console.WriteLine($"scheduling overhead: {report.SchedulingOverheadMs}");
Console.WriteLine($"job run (RUNNING -> final): {report.JobRunMs}");
Console.WriteLine($"RSS at the end: {report.RssMb} MB");
if (options.OutFile is not null)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.OutFile))!);
    await File.WriteAllTextAsync(options.OutFile, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"wrote {options.OutFile}");
}
return statuses.Keys.All(s => s == JobStatuses.Completed) ? 0 : 1;

internal sealed record Figures(double MeanMs, double P50Ms, double P99Ms, double MaxMs)
{
    public static Figures Of(IReadOnlyList<double> sorted) => sorted.Count == 0
        ? new Figures(0, 0, 0, 0)
        : new Figures(
            Math.Round(sorted.Average(), 2),
            Math.Round(sorted[(int)(0.50 * (sorted.Count - 1))], 2),
            Math.Round(sorted[(int)(0.99 * (sorted.Count - 1))], 2),
            Math.Round(sorted[^1], 2));
}

internal sealed record BenchReport(
    int Jobs,
    int Clients,
    int Workers,
    int Cores,
    string Emulator,
    IReadOnlyDictionary<string, int> Statuses,
    double AcceptPerSecond,
    double AcceptSeconds,
    Figures AcceptToRunningMs,
    Figures SchedulingOverheadMs,
    Figures JobRunMs,
    double DrainSeconds,
    double RssMb);

internal sealed record BenchOptions(int Jobs, int Clients, int Workers, string? OutFile, string? Emulator)
{
    public static BenchOptions Parse(string[] args)
    {
        var (jobs, clients, workers) = (1000, 16, Math.Max(2, Environment.ProcessorCount));
        string? outFile = null, emulator = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--jobs": jobs = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--clients": clients = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--workers": workers = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--out": outFile = value; i++; break;
                case "--emulator": emulator = value; i++; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        return new BenchOptions(jobs, clients, workers, outFile, emulator);
    }
}
