using Overlord.Core.Api;
using Overlord.Emulators;
using Overlord.Service.Tests.Support;

namespace Overlord.Service.Tests.Jobs;

/// <summary>A node over its own emulated host (real drivers, real tool processes), with a short lock retry.</summary>
public sealed class JobHost : IAsyncDisposable
{
    private JobHost(EmulatedHost emulator, TestNode node, string work)
    {
        Emulator = emulator;
        Node = node;
        Work = work;
        Api = node.Api();
    }

    public EmulatedHost Emulator { get; }

    public TestNode Node { get; }

    public IOverlordApi Api { get; }

    public string Work { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<JobHost> StartAsync(string? extraYaml = null, int executionTime = 120, string? database = null, EmulatedHost? emulator = null)
    {
        emulator ??= EmulatedHost.Create();
        var work = Path.Combine(emulator.Root, "work");
        Directory.CreateDirectory(work);
        var node = await TestNode.StartAsync(new TestNodeSpec
        {
            Name = "jobs",
            ExtraYaml = emulator.NodeConfigYaml() + "jobs:\n  workers: 4\n  lock_retry: 1\n" + (database is null ? "" : $"  database: '{database}'\n") + $"execution_time: {executionTime}\n" + (extraYaml ?? ""),
        }, Ct);
        return new JobHost(emulator, node, work);
    }

    /// <summary>A Director file with the given services, each built from a Makejail that starts its jail.</summary>
    public string DirectorFile(params string[] services)
    {
        var makejail = Path.Combine(Work, "Makejail");
        if (!File.Exists(makejail))
        {
            File.WriteAllLines(makejail, ["OPTION start", "OPTION overwrite=force"]);
        }
        var yaml = new System.Text.StringBuilder("services:\n");
        var priority = 10;
        foreach (var service in services.Length == 0 ? ["app"] : services)
        {
            yaml.Append($"  {service}:\n    priority: {priority++}\n    makejail: '{makejail}'\n");
        }
        return yaml.ToString();
    }

    /// <summary>Polls <c>GET /v1/jobs/{id}</c> until the job is final.</summary>
    public async Task<JobReply> WaitAsync(long id, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var job = await Api.GetJobAsync(id, Ct);
            if (job.Terminal)
            {
                return job;
            }
            Assert.True(DateTime.UtcNow < deadline, $"job {id} is still {job.Status} after {seconds} s");
            await Task.Delay(50, Ct);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(50, Ct);
        }
    }

    /// <summary>Top-level (not nested) Director calls of <paramref name="project"/>, as "up"/"down"/…, in journal order.</summary>
    public IReadOnlyList<JournalEntry> DirectorCalls(string project) =>
        [.. Emulator.ReadJournal().Where(e => e.Tool == "appjail-director" && !e.Nested && Project(e) == project)];

    private static string? Project(JournalEntry e)
    {
        var i = e.Argv.ToList().IndexOf("-p");
        return i >= 0 && i + 1 < e.Argv.Count ? e.Argv[i + 1] : null;
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        Emulator.Dispose();
    }
}
