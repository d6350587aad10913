using System.Net;
using System.Text;
using Overlord.Core.Api;
using Overlord.Emulators;
using Overlord.Service.Jails;
using Overlord.Service.Jobs;
using Overlord.Service.Tests.Support;
using Refit;
using static Overlord.Service.Tests.Jails.JailHttp;

namespace Overlord.Service.Tests.Jobs;

/// <summary>The project lifecycle end to end: HTTP → store → workers → the real Director driver → the emulated host.</summary>
public sealed class JobFlowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpCompletesRunsTheJailsAndFillsProjectInfo()
    {
        await using var host = await JobHost.StartAsync();

        var id = (await host.Api.UpProjectAsync("wiki", new ProjectUpRequest(host.DirectorFile("db", "web")), Ct)).JobId;
        var job = await host.WaitAsync(id);

        Assert.Equal((JobStatuses.Completed, "create", "wiki", false), (job.Status, job.Kind, job.Project, job.Restarted));
        Assert.Equal([JobStatuses.Queued, JobStatuses.Running, JobStatuses.Completed], job.History.Select(h => h.Status));
        Assert.Equal([JobSteps.DirectorStarted], job.Steps.Select(s => s.Step));
        Assert.Matches("^[0-9a-f]{64}$", job.SpecHash);
        Assert.Equal(0, (int)job.Output!["rc"]!);
        Assert.Equal(0, (int)job.Output["stdout"]!["errlevel"]!);
        var described = await host.Node.Service<IDirector>().DescribeAsync("wiki", Ct);
        Assert.Equal("DONE", described!.State);
        Assert.All(described.Services, s => Assert.Equal(0, s.Status));

        var (status, body, _) = await SendAsync(host.Node, HttpMethod.Get, "/v1/project/info/wiki");
        Assert.Equal(200, status);
        var up = System.Text.Json.Nodes.JsonNode.Parse(body)!["info"]!["up"]!;
        Assert.Equal(("COMPLETED", id, false), ((string)up["operation"]!, (long)up["job_id"]!, (bool)up["restarted"]!));
        Assert.InRange((double)up["last_update"]!, 0, 60);
        Assert.Null(up["labels"]);
    }

    [Fact]
    public async Task ReapplyingTheSameSpecIsANoopWithoutDirector()
    {
        await using var host = await JobHost.StartAsync();
        var file = host.DirectorFile();
        Assert.Equal(JobStatuses.Completed, (await host.WaitAsync((await host.Api.UpProjectAsync("blog", new ProjectUpRequest(file), Ct)).JobId)).Status);

        var again = await host.WaitAsync((await host.Api.UpProjectAsync("blog", new ProjectUpRequest(file), Ct)).JobId);
        var changed = await host.WaitAsync((await host.Api.UpProjectAsync("blog", new ProjectUpRequest(file + "# changed\n"), Ct)).JobId);

        Assert.Equal(JobStatuses.Noop, again.Status);
        Assert.Equal(JobStatuses.Completed, changed.Status);
        Assert.Equal(["up", "up"], host.DirectorCalls("blog").Where(e => e.Argv[0] is "up" or "down").Select(e => e.Argv[0]));
    }

    [Fact]
    public async Task RestartStopsTheProjectThenDeploysIt()
    {
        await using var host = await JobHost.StartAsync();
        var file = host.DirectorFile();
        await host.WaitAsync((await host.Api.UpProjectAsync("shop", new ProjectUpRequest(file), Ct)).JobId);

        var job = await host.WaitAsync((await host.Api.UpProjectAsync("shop", new ProjectUpRequest(file, Restart: true), Ct)).JobId);

        Assert.Equal((JobStatuses.Completed, true), (job.Status, job.Restarted));
        Assert.Equal([JobSteps.RestartDownStarted, JobSteps.DirectorStarted], job.Steps.Select(s => s.Step));
        Assert.Equal(["up", "down", "up"], host.DirectorCalls("shop").Where(e => e.Argv[0] is "up" or "down").Select(e => e.Argv[0]));
    }

    [Fact]
    public async Task DownDestroysTheProject()
    {
        await using var host = await JobHost.StartAsync();
        await host.WaitAsync((await host.Api.UpProjectAsync("gone", new ProjectUpRequest(host.DirectorFile()), Ct)).JobId);

        var id = (await host.Api.DownProjectAsync("gone", new ProjectDownRequest(Force: true), Ct)).JobId;
        var job = await host.WaitAsync(id);

        Assert.Equal((JobStatuses.Completed, "destroy"), (job.Status, job.Kind));
        Assert.False(await host.Node.Service<IDirector>().ExistsAsync("gone", Ct));
        var down = host.DirectorCalls("gone").Single(e => e.Argv[0] == "down");
        Assert.Contains("-d", down.Argv);
        Assert.Contains("--ignore-failed", down.Argv);
        var (_, body, _) = await SendAsync(host.Node, HttpMethod.Get, "/v1/project/info/gone");
        Assert.Equal(id, (long)System.Text.Json.Nodes.JsonNode.Parse(body)!["info"]!["down"]!["job_id"]!);
    }

    [Fact]
    public async Task AFailingMakejailEndsIncompletedWithDirectorsReport()
    {
        await using var host = await JobHost.StartAsync();
        host.Emulator.AddFault(new FaultRule("appjail", "exit=3") { Argv = "makejail *" });

        var job = await host.WaitAsync((await host.Api.UpProjectAsync("broken", new ProjectUpRequest(host.DirectorFile()), Ct)).JobId);

        Assert.Equal(JobStatuses.Incompleted, job.Status);
        var failed = job.Output!["stdout"]!["failed"]!.AsArray();
        Assert.Equal(("makejail", "app"), ((string)failed[0]!["type"]!, (string)failed[0]!["service"]!));
        Assert.Equal(3, (int)job.Output["rc"]!);
    }

    [Fact]
    public async Task CancelStopsAHangingDeployAndDropsTheQueuedJobs()
    {
        await using var host = await JobHost.StartAsync();
        host.Emulator.AddFault(new FaultRule("appjail", "hang") { Argv = "makejail *" });
        var director = host.Node.Service<IDirector>();
        var first = (await host.Api.UpProjectAsync("stuck", new ProjectUpRequest(host.DirectorFile()), Ct)).JobId;
        var queued = (await host.Api.UpProjectAsync("stuck", new ProjectUpRequest(host.DirectorFile("other")), Ct)).JobId;
        await JobHost.UntilAsync(async () => await director.DescribeAsync("stuck", Ct) is { State: "UNFINISHED", Locked: true }, "the deploy to hang");

        var started = DateTime.UtcNow;
        var cancel = (await host.Api.CancelProjectAsync("stuck", Ct)).JobId;
        var job = await host.WaitAsync(first, seconds: 20);

        Assert.Equal((JobStatuses.Failed, "cancelled"), (job.Status, job.Message));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), "the cancel took too long");
        var dropped = await host.WaitAsync(queued);
        Assert.Equal((JobStatuses.Failed, "cancelled"), (dropped.Status, dropped.Message));
        Assert.DoesNotContain(dropped.History, h => h.Status == JobStatuses.Running);
        Assert.Equal(JobStatuses.Completed, (await host.WaitAsync(cancel)).Status);
        // Director is gone: its journal line is written when it exits, and the project is unlocked.
        Assert.Contains(host.DirectorCalls("stuck"), e => e.Argv[0] == "up" && e.Exit is not null);
        var after = await director.DescribeAsync("stuck", Ct);
        Assert.False(after!.Locked);
        Assert.Contains(host.DirectorCalls("stuck"), e => e.Argv[0] == "cancel");
    }

    [Fact]
    public async Task ALockedProjectWaitsThenProceeds()
    {
        await using var host = await JobHost.StartAsync();
        host.Emulator.AddProject("busy").State("unfinished").Locked();

        var id = (await host.Api.UpProjectAsync("busy", new ProjectUpRequest(host.DirectorFile()), Ct)).JobId;
        await JobHost.UntilAsync(async () => (await host.Api.GetJobAsync(id, Ct)).History.Any(h => h.Note == JobRunner.WaitingNote), "the job to wait");
        Assert.Equal(JobStatuses.Queued, (await host.Api.GetJobAsync(id, Ct)).Status);
        Assert.DoesNotContain(host.DirectorCalls("busy"), e => e.Argv[0] == "up");

        File.Delete(Path.Combine(host.Emulator.DirectorLocksDirectory, "busy", "lock"));
        var job = await host.WaitAsync(id);

        Assert.Equal(JobStatuses.Completed, job.Status);
        Assert.Single(host.DirectorCalls("busy"), e => e.Argv[0] == "up");
    }

    [Fact]
    public async Task AStaleLockFailsTheJobAfterExecutionTime()
    {
        await using var host = await JobHost.StartAsync(executionTime: 2);
        host.Emulator.AddProject("stale").State("destroying").Locked();

        var job = await host.WaitAsync((await host.Api.DownProjectAsync("stale", new ProjectDownRequest(), Ct)).JobId);

        Assert.Equal(JobStatuses.Failed, job.Status);
        Assert.Equal("project 'stale' stayed DESTROYING and locked by a Director for 2 s (execution_time); the job was not run", job.Message);
        Assert.DoesNotContain(job.History, h => h.Status == JobStatuses.Running);
        Assert.DoesNotContain(host.DirectorCalls("stale"), e => e.Argv[0] == "down");
    }

    [Fact]
    public async Task OneProjectsJobsRunOneAfterAnotherInOrder()
    {
        await using var host = await JobHost.StartAsync();
        host.Emulator.AddFault(new FaultRule("appjail", "slow-start=300") { Argv = "makejail *" });

        var first = (await host.Api.UpProjectAsync("serial", new ProjectUpRequest(host.DirectorFile("a")), Ct)).JobId;
        var second = (await host.Api.UpProjectAsync("serial", new ProjectUpRequest(host.DirectorFile("b")), Ct)).JobId;
        var third = (await host.Api.DownProjectAsync("serial", new ProjectDownRequest(), Ct)).JobId;
        var other = (await host.Api.UpProjectAsync("parallel", new ProjectUpRequest(host.DirectorFile("c")), Ct)).JobId;
        var jobs = new[] { await host.WaitAsync(first), await host.WaitAsync(second), await host.WaitAsync(third) };
        var elsewhere = await host.WaitAsync(other);

        Assert.All(jobs, j => Assert.Equal(JobStatuses.Completed, j.Status));
        Assert.True(jobs[1].Started >= jobs[0].Finished && jobs[2].Started >= jobs[1].Finished, "a project's jobs overlapped");
        Assert.Equal(["up", "up", "down"], host.DirectorCalls("serial").Where(e => e.Argv[0] is "up" or "down").Select(e => e.Argv[0]));
        // Another project did not wait for this one.
        Assert.True(elsewhere.Started < jobs[2].Started, "another project waited behind this one");
    }

    [Fact]
    public async Task DirectorGetsTheRequestEnvironmentUnderTheForcedOverlordVariables()
    {
        await using var host = await JobHost.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["OVERLORD_TEST_COLOUR"] = "blue",
            ["OVERLORD_METADATA"] = "/not/the/node/one",
            ["DIRECTOR_PROJECT_TEST"] = "x",
        };

        var job = await host.WaitAsync((await host.Api.UpProjectAsync("envy", new ProjectUpRequest(host.DirectorFile(), environment, ReservePort: new Dictionary<string, string?> { ["lo"] = "127.0.0.0/8" }), Ct)).JobId);

        Assert.Equal(JobStatuses.Completed, job.Status);
        var up = host.DirectorCalls("envy").Single(e => e.Argv[0] == "up");
        Assert.Equal("blue", up.Env["OVERLORD_TEST_COLOUR"]);
        Assert.Equal("x", up.Env["DIRECTOR_PROJECT_TEST"]);
        Assert.Equal(host.Node.Config.Metadata.Location, up.Env["OVERLORD_METADATA"]);
        Assert.Equal(host.Node.Config.Metadata.Namespaces, up.Env["OVERLORD_NAMESPACES"]);
        Assert.InRange(int.Parse(up.Env["OVERLORD_FREEPORT_LO"], System.Globalization.CultureInfo.InvariantCulture), 10000, 65535);
    }

    [Fact]
    public async Task AReservePortThatCannotBeHonouredFailsTheJob()
    {
        await using var host = await JobHost.StartAsync();

        var job = await host.WaitAsync((await host.Api.UpProjectAsync("noport", new ProjectUpRequest(host.DirectorFile(), ReservePort: new Dictionary<string, string?> { ["nope0"] = null }), Ct)).JobId);

        Assert.Equal((JobStatuses.Failed, "no free port has been found for nope0 (None)"), (job.Status, job.Message));
        Assert.DoesNotContain(host.DirectorCalls("noport"), e => e.Argv[0] == "up");
    }

    [Theory]
    [InlineData("up", "{}", "`director_file` is required but hasn't been specified.")]
    [InlineData("up", """{"director_file": 1}""", "'director_file' has an unexpected value type.")]
    [InlineData("up", """{"director_file": "x", "environment": []}""", "'environment' has an unexpected value type.")]
    [InlineData("up", """{"director_file": "x", "environment": {"A": 1}}""", "Invalid environment name (A) or value (1).")]
    [InlineData("up", """{"director_file": "x", "restart": "false"}""", "'restart' has an unexpected value type.")]
    [InlineData("up", """{"director_file": "x", "reserve_port": ["em0"]}""", "'reserve_port' has an unexpected value type.")]
    [InlineData("up", """{"director_file": "x", "reserve_port": {"em 0": null}}""", "Invalid interface (em 0).")]
    [InlineData("up", """{"director_file": "x", "reserve_port": {"em0": 5}}""", "Invalid network address (5).")]
    [InlineData("up", """{"director_file": "x", "reserve_port": {"em0": "10.0.0.300/24"}}""", "Invalid network address (10.0.0.300/24).")]
    [InlineData("down", """{"force": 1}""", "'force' has an unexpected value type.")]
    [InlineData("down", """{"environment": {"A": null}}""", "Invalid environment name (A) or value (null).")]
    [InlineData("up", "[1]", "A dictionary was expected but another value type was given.")]
    public async Task BadBodiesGetUpstreamsAnswer(string route, string json, string message)
    {
        await using var host = await JobHost.StartAsync();
        using var client = new HttpClient { BaseAddress = host.Node.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/project/{route}/p1") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authentication", "Bearer " + host.Node.Token);

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonAssert.Equal($$"""{"status_code": 400, "message": {{System.Text.Json.JsonSerializer.Serialize(message)}}}""", await response.Content.ReadAsStringAsync(Ct));
        Assert.Null(host.Node.Service<JobStore>().Get(1));
    }

    [Fact]
    public async Task UpAnswersTheJobIdInUpstreamsShapeAndABadNameHasNoRoute()
    {
        await using var host = await JobHost.StartAsync();

        var (status, body, _) = await SendAsync(host.Node, HttpMethod.Post, "/v1/project/cancel/p1");
        var (badStatus, _, _) = await SendAsync(host.Node, HttpMethod.Post, "/v1/project/up/bad%20name");
        var (getStatus, _, _) = await SendAsync(host.Node, HttpMethod.Get, "/v1/project/up/p1");

        Assert.Equal(200, status);
        JsonAssert.Equal("""{"status_code": 200, "job_id": 1}""", body);
        Assert.Equal(404, badStatus);
        Assert.Equal(405, getStatus);
    }

    [Fact]
    public async Task AnUnknownJobIsAProblem()
    {
        await using var host = await JobHost.StartAsync();

        var error = await Assert.ThrowsAsync<ApiException>(() => host.Api.GetJobAsync(4242, Ct));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("application/problem+json", error.ContentHeaders?.ContentType?.MediaType);
        Assert.Contains("Job 4242 does not exist", error.Content, StringComparison.Ordinal);
        var (status, openApi, _) = await SendAsync(host.Node, HttpMethod.Get, "/openapi/v1.json");
        Assert.Equal(200, status);
        var path = System.Text.Json.Nodes.JsonNode.Parse(openApi)!["paths"]!["/v1/jobs/{id}"]!["get"]!;
        Assert.Equal("GetJob", (string)path["operationId"]!);
        Assert.NotNull(path["responses"]!["404"]);
    }
}
