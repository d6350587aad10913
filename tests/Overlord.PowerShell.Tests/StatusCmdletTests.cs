using System.Management.Automation;
using System.Text.Json.Nodes;
using Overlord.Core.Api;
using Overlord.PowerShell.Cmdlets;

namespace Overlord.PowerShell.Tests;

/// <summary>Get-OverlordVM and Get-OverlordAutoscale: the output objects made of a node's records, and their input checks.</summary>
public sealed class StatusCmdletTests : IDisposable
{
    private static readonly Uri Address = new("http://127.0.0.1:8888");
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly OverlordSession _session = new();

    public void Dispose() => _session.Dispose();

    [Fact]
    public void AVmRecordBecomesAnOverlordVM()
    {
        var status = new VmStatus("FAILED", 30, 7, JsonNode.Parse("""{"create": "ok"}"""), JsonNode.Parse("""{"type": "VMError", "message": "no disk"}"""));

        var vm = GetOverlordVMCommand.Shape(Address, "alpha", "freebsd-vm", status, Now);

        Assert.Equal(("alpha", "freebsd-vm", "FAILED", 7L), (vm.Chain, vm.Name, vm.Operation, vm.JobId!.Value));
        Assert.Equal(Now.AddSeconds(-30), vm.LastUpdate);
        Assert.Equal("""{"create":"ok"}""", vm.Output);
        Assert.Equal("VMError: no disk", vm.Exception);
    }

    [Fact]
    public void AnAutoscaleStateBecomesAnOverlordAutoscale()
    {
        var logs = (JsonArray)JsonNode.Parse("""[{"exception": {"type": "ValueError", "message": "max < min"}}, {"note": "é"}]""")!;

        var state = GetOverlordAutoscaleCommand.Shape(Address, "", "web", new AutoscaleStatus("COMPLETED", 1.5, logs), Now);

        Assert.Equal(("web", "COMPLETED"), (state.Project, state.Operation));
        Assert.Equal(Now.AddSeconds(-1.5), state.LastUpdate);
        Assert.Equal(["ValueError: max < min", """{"note":"é"}"""], state.Logs);
    }

    [Theory]
    [InlineData("Get-OverlordVM", "GetOverlordVMCommand")]
    [InlineData("Get-OverlordAutoscale", "GetOverlordAutoscaleCommand")]
    public void WithoutANameOrASpecTheCmdletStopsWithNameRequired(string command, string type)
    {
        var run = _session.Run($"try {{ {command} -Uri http://127.0.0.1:1 -Token t }} catch {{ $_ }}");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(run.Output).BaseObject);
        Assert.Equal($"{ErrorIds.NameRequired},Overlord.PowerShell.Cmdlets.{type}", error.FullyQualifiedErrorId);
    }
}
