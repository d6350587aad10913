using Overlord.Core.Api;
using Overlord.Emulators;
using Overlord.Service.Jobs;
using Overlord.Service.Tests.Support;

namespace Overlord.Service.Tests.Jobs;

/// <summary>Up, down and the job route through the generic chain router: the node at the end of the chain runs the job.</summary>
public sealed class JobChainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpAndDownThroughTheChainRunOnTheTailNode()
    {
        var hosts = new Dictionary<string, EmulatedHost>();
        try
        {
            await using var tree = await NodeTree.StartAsync(Ct, spec =>
            {
                var host = hosts[spec.Name] = EmulatedHost.Create();
                return spec with { ExtraYaml = host.NodeConfigYaml() + "jobs:\n  lock_retry: 1\n" };
            });
            var bravo = hosts["bravo"];
            var makejail = Path.Combine(bravo.Root, "Makejail");
            File.WriteAllLines(makejail, ["OPTION start"]);
            var api = tree.Main.Api();

            var up = await api.UpChainProjectAsync("alpha.bravo", "remote", new ProjectUpRequest($"services:\n  app:\n    makejail: '{makejail}'\n"), Ct);
            var job = await WaitAsync(api, "alpha.bravo", up.JobId);
            var down = await api.DownChainProjectAsync("alpha.bravo", "remote", new ProjectDownRequest(), Ct);
            var destroyed = await WaitAsync(api, "alpha.bravo", down.JobId);
            var cancel = await api.CancelChainProjectAsync("alpha.bravo", "remote", Ct);

            Assert.Equal((JobStatuses.Completed, "remote"), (job.Status, job.Project));
            Assert.Equal(JobStatuses.Completed, destroyed.Status);
            Assert.Equal(200, cancel.StatusCode);
            Assert.Contains(bravo.ReadJournal(), e => e.Tool == "appjail-director" && e.Argv[0] == "up");
            Assert.DoesNotContain(hosts["alpha"].ReadJournal(), e => e.Tool == "appjail-director" && e.Argv[0] == "up");
            Assert.Null(tree.Alpha.Service<JobStore>().Get(up.JobId));
        }
        finally
        {
            foreach (var host in hosts.Values)
            {
                host.Dispose();
            }
        }
    }

    private static async Task<JobReply> WaitAsync(IOverlordApi api, string chain, long id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await api.GetChainJobAsync(chain, id, Ct);
            if (job.Terminal)
            {
                return job;
            }
            Assert.True(DateTime.UtcNow < deadline, $"job {id} is still {job.Status}");
            await Task.Delay(50, Ct);
        }
    }
}
