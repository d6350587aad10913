using System.Net;
using System.Text;
using Overlord.Core.Api;
using Overlord.Core.Client;

namespace Overlord.Core.Tests.Client;

/// <summary>OverlordNode's VM and autoscale reads against upstream's answers (shapes from reference/overlord.md §3.2).</summary>
public sealed class StatusFacadeTests
{
    private static readonly Uri Address = new("http://127.0.0.1:8888");

    private sealed class FakeNode(HttpStatusCode status, string json) : HttpMessageHandler
    {
        public List<string> Paths { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Paths.Add(request.RequestUri!.AbsolutePath);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json"), RequestMessage = request });
        }
    }

    private static (OverlordNode Node, FakeNode Fake) Node(HttpStatusCode status, string json)
    {
        var fake = new FakeNode(status, json);
        return (new OverlordNode(Address, OverlordClient.Create(Address, "t", new OverlordClientOptions { InnerHandler = fake })), fake);
    }

    [Fact]
    public async Task ReadsAnUpstreamVmRecord()
    {
        var (node, fake) = Node(HttpStatusCode.OK, """
            {"status_code": 200, "status": {"operation": "FAILED", "last_update": 12.5, "job_id": 7,
             "output": {"create": "done"}, "exception": {"type": "VMError", "message": "no disk"}}}
            """);
        using (node)
        {
            var status = await node.GetVmStatusAsync("alpha", "freebsd-vm", TestContext.Current.CancellationToken);

            Assert.Equal(["/v1/chain/alpha/vm/freebsd-vm"], fake.Paths);
            Assert.Equal(("FAILED", 12.5, 7L), (status.Operation, status.LastUpdate!.Value, status.JobId!.Value));
            Assert.Equal("done", status.Output!["create"]!.GetValue<string>());
            Assert.Equal("no disk", status.Exception!["message"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task ARunningVmRecordHasNoOutputOrException()
    {
        var (node, fake) = Node(HttpStatusCode.OK, """{"status_code": 200, "status": {"operation": "RUNNING", "last_update": 1, "job_id": 3}}""");
        using (node)
        {
            var status = await node.GetVmStatusAsync(null, "vm1", TestContext.Current.CancellationToken);

            Assert.Equal(["/v1/vm/vm1"], fake.Paths);
            Assert.Equal("RUNNING", status.Operation);
            Assert.Null(status.Output);
            Assert.Null(status.Exception);
        }
    }

    [Fact]
    public async Task ReadsAnUpstreamAutoscaleState()
    {
        var (node, fake) = Node(HttpStatusCode.OK, """
            {"status_code": 200, "status": {"last_update": 3.25, "operation": "COMPLETED",
             "logs": [{"exception": {"type": "ValueError", "message": "max < min"}}]}}
            """);
        using (node)
        {
            var status = await node.GetAutoscaleStatusAsync("", "web", TestContext.Current.CancellationToken);

            Assert.Equal(["/v1/project/autoscale/web"], fake.Paths);
            Assert.Equal(("COMPLETED", 3.25), (status.Operation, status.LastUpdate!.Value));
            Assert.Equal("max < min", Assert.Single(status.Logs!)!["exception"]!["message"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A404CarriesUpstreamsMessage()
    {
        var (node, _) = Node(HttpStatusCode.NotFound, """{"status_code": 404, "message": "Project 'web' cannot be found."}""");
        using (node)
        {
            var error = await Assert.ThrowsAsync<OverlordApiException>(() => node.GetAutoscaleStatusAsync(null, "web", TestContext.Current.CancellationToken));

            Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
            Assert.Equal("Project 'web' cannot be found.", error.Message);
        }
    }
}
