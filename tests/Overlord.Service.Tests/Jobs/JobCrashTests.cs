using System.Diagnostics;
using Overlord.Core.Api;
using Overlord.Emulators;
using Overlord.Service.Jobs;
using Overlord.Service.Tests.Support;

namespace Overlord.Service.Tests.Jobs;

/// <summary>
/// The real <c>overlord-node serve</c> process killed with SIGKILL while deployments run, then started again on the
/// same config and store: every accepted job must end in exactly one final status, and no job may run <c>up</c> twice.
/// </summary>
public sealed class JobCrashTests : IDisposable
{
    private const int Projects = 50;
    private readonly string _dir = Directory.CreateTempSubdirectory("overlord-crash-").FullName;
    private readonly EmulatedHost _host = EmulatedHost.Create();
    private readonly List<Process> _processes = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }
            p.Dispose();
        }
        _host.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task EveryAcceptedJobEndsOnceAfterAKillNineAndNoUpRunsTwice()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("POSIX process semantics");
            return;
        }
        // Each deploy spends 1.5 s inside its build, locked and UNFINISHED: the kill lands in the middle of many.
        _host.AddFault(new FaultRule("appjail", "slow-start=1500") { Argv = "makejail *" });
        var makejail = Path.Combine(_dir, "Makejail");
        File.WriteAllLines(makejail, ["OPTION start", "OPTION overwrite=force"]);
        var file = $"services:\n  app:\n    makejail: '{makejail}'\n";
        var port = FreePort.Next();
        var secret = "crash-test-secret";
        var config = Path.Combine(_dir, "overlord.yml");
        File.WriteAllText(config, $"""
            port: {port}
            serverid: '{_dir}/serverid'
            secret_key: {secret}
            execution_time: 60
            metadata:
              location: '{_dir}/metadata'
              namespaces: '{_dir}/namespace'
            jobs:
              database: '{_dir}/data/jobs.db'
              workers: 16
            polling:
              jails: 3600
              projects: 3600
              jail_info: 3600
              jail_stats: 3600
              jail_extras: 3600
              project_info: 3600
              autoscale: 3600
            {_host.NodeConfigYaml()}
            """);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        using var client = OverlordClient.Create(baseAddress, TestNode.TokenFor(secret));
        var api = client.Api;

        var node = await StartNodeAsync(config, baseAddress);
        var ids = new List<long>();
        for (var i = 0; i < Projects; i++)
        {
            ids.Add((await api.UpProjectAsync($"crash{i:00}", new ProjectUpRequest(file), Ct)).JobId);
        }
        // Kill once several Directors are mid-build.
        await JobHost.UntilAsync(async () =>
        {
            var running = 0;
            foreach (var id in ids.Take(20))
            {
                var job = await api.GetJobAsync(id, Ct);
                running += job.Steps.Any(s => s.Step == JobSteps.DirectorStarted) && !job.Terminal ? 1 : 0;
            }
            return running >= 4;
        }, "deploys to start");
        node.Kill(entireProcessTree: false); // SIGKILL to the node only: its Directors live on as orphans
        await node.WaitForExitAsync(Ct);

        await StartNodeAsync(config, baseAddress);
        var jobs = new List<JobReply>();
        foreach (var id in ids)
        {
            var deadline = DateTime.UtcNow.AddSeconds(45);
            JobReply job;
            while (!(job = await api.GetJobAsync(id, Ct)).Terminal)
            {
                Assert.True(DateTime.UtcNow < deadline, $"job {id} is still {job.Status}");
                await Task.Delay(100, Ct);
            }
            jobs.Add(job);
        }

        var summary = string.Join("; ", jobs.GroupBy(j => (j.Status, Note: j.History.Select(h => h.Note).LastOrDefault(n => n is not null)))
            .Select(g => $"{g.Count()} {g.Key.Status} ({g.Key.Note ?? "-"})"));
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Assert.All(jobs, job =>
        {
            Assert.Single(job.History, h => JobStatuses.IsTerminal(h.Status));
            Assert.True(job.Steps.Count(s => s.Step == JobSteps.DirectorStarted) <= 1, $"job {job.Id} started Director twice");
        });
        Assert.Contains(jobs, job => job.History.Any(h => h.Note?.Contains("restart", StringComparison.Ordinal) == true));
        var ups = _host.ReadJournal().Where(e => e.Tool == "appjail-director" && !e.Nested && e.Argv[0] == "up")
            .GroupBy(e => e.Argv[e.Argv.ToList().IndexOf("-p") + 1]);
        Assert.All(ups, g => Assert.True(g.Count() <= 1, $"{g.Key}: {g.Count()} up runs"));
        // Jobs that ran after the restart, or whose Director finished, deployed their project.
        Assert.True(jobs.Count(j => j.Status == JobStatuses.Completed) >= Projects / 2, string.Join(", ", jobs.Select(j => $"{j.Id}:{j.Status}:{j.Message}")));
    }

    private async Task<Process> StartNodeAsync(string config, Uri baseAddress)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "overlord-node.dll");
        var psi = new ProcessStartInfo("dotnet", [dll, "serve", "--config", config, "--listen", "127.0.0.1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _dir,
        };
        var process = Process.Start(psi)!;
        _processes.Add(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await JobHost.UntilAsync(async () =>
        {
            Assert.False(process.HasExited, $"overlord-node exited with {(process.HasExited ? process.ExitCode : 0)}");
            try
            {
                return (await http.GetAsync(new Uri("/healthz/ready", UriKind.Relative), Ct)).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException) when (!Ct.IsCancellationRequested)
            {
                return false;
            }
        }, "the node to listen");
        return process;
    }
}
