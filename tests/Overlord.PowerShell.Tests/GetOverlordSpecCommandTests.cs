using System.Management.Automation;
using Overlord.Core.Specs;

namespace Overlord.PowerShell.Tests;

public sealed class GetOverlordSpecCommandTests : IDisposable
{
    private const string CmdletType = "Overlord.PowerShell.Cmdlets.GetOverlordSpecCommand";
    private readonly OverlordSession _session = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _session.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void InvalidFileGivesInvalidSpecWithEveryProblemAndTheNextFileIsStillRead()
    {
        var bad = _dir.Write("bad.yml", Specs.Invalid);
        var good = _dir.Write("good.yml", Specs.AppConfig);

        var run = _session.Run("param($paths) Get-OverlordSpec -LiteralPath $paths",
            new Dictionary<string, object> { ["paths"] = new[] { bad, good } });

        var error = Assert.Single(run.Errors);
        Assert.Equal($"{ErrorIds.InvalidSpec},{CmdletType}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(bad, error.TargetObject);
        var exception = Assert.IsType<SpecValidationException>(error.Exception);
        var expected = SpecLoader.LoadFile(bad).Errors;
        Assert.Equal(expected, exception.Errors);
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected.Select(e => e.ToString()), exception.Message.Split(Environment.NewLine));

        var spec = Assert.IsType<AppConfigSpec>(Assert.Single(run.Output).BaseObject);
        Assert.Equal(good, spec.Path);
        Assert.Equal("blog", spec.AppName);
    }

    [Fact]
    public void WritesTheDefaultedSpecOfEachPipedFile()
    {
        _dir.Write("a.yml", Specs.ReadOnly);
        _dir.Write("b.yml", Specs.AppConfig);

        var run = _session.Run("param($dir) Get-ChildItem -LiteralPath $dir -Filter *.yml | Sort-Object Name | Get-OverlordSpec",
            new Dictionary<string, object> { ["dir"] = _dir.Path });

        Assert.Empty(run.Errors);
        var specs = run.Objects<Spec>();
        var readOnly = Assert.IsType<ReadOnlySpec>(specs[0]);
        Assert.IsType<AppConfigSpec>(specs[1]);
        Assert.Equal(120, readOnly.Datacenters["main"].ReadTimeout);
        Assert.Equal(["main"], readOnly.DeployIn.Entrypoints.Select(e => e.ToString()));
        Assert.Empty(readOnly.DeployIn.Exclude);
    }

    [Fact]
    public void ErrorActionStopTurnsInvalidSpecIntoATerminatingError()
    {
        var bad = _dir.Write("bad.yml", Specs.Invalid);

        var run = _session.Run(
            "param($path) try { Get-OverlordSpec -Path $path -ErrorAction Stop; 'not reached' } catch { $_.FullyQualifiedErrorId }",
            new Dictionary<string, object> { ["path"] = bad });

        Assert.Equal([$"{ErrorIds.InvalidSpec},{CmdletType}"], run.Objects<string>());
    }

    [Fact]
    public void DefaultViewShowsKindDatacentersAndLabels()
    {
        var path = _dir.Write("a.yml", Specs.AppConfig);

        var run = _session.Run("param($path) Get-OverlordSpec -LiteralPath $path | Out-String -Width 200",
            new Dictionary<string, object> { ["path"] = path });

        var text = Assert.Single(run.Objects<string>());
        Assert.Matches(@"Kind\s+Datacenters\s+Labels\s+Path", text);
        Assert.Matches(@"appConfig\s+main\s+web\s+", text);
    }
}
