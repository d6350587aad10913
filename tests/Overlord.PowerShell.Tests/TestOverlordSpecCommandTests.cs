using System.Management.Automation;
using Overlord.Core.Validation;

namespace Overlord.PowerShell.Tests;

public sealed class TestOverlordSpecCommandTests : IDisposable
{
    private const string CmdletType = "Overlord.PowerShell.Cmdlets.TestOverlordSpecCommand";
    private readonly OverlordSession _session = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _session.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void FilesPipedFromGetChildItemBindLiteralPathByPropertyName()
    {
        // '[1]' would be a wildcard to -Path, so a result for this file proves -LiteralPath (PSPath) bound.
        var odd = _dir.Write("odd[1].yml", Specs.ReadOnly);
        var bad = _dir.Write("bad.yml", Specs.Invalid);

        var run = _session.Run("param($dir) Get-ChildItem -LiteralPath $dir -Filter *.yml | Sort-Object Name | Test-OverlordSpec",
            new Dictionary<string, object> { ["dir"] = _dir.Path });

        Assert.Empty(run.Errors);
        var results = run.Objects<SpecTestResult>();
        Assert.Equal([bad, odd], results.Select(r => r.Path));
        Assert.Equal([false, true], results.Select(r => r.IsValid));
        Assert.Equal("readOnly", results[0].Kind);
        Assert.Equal([(5, 19, "datacenters.main.read_timeout"), (8, 7, "deployIn.labels[0]")],
            results[0].Errors.Select(e => (e.Line, e.Column, e.KeyPath)));
        Assert.Empty(results[1].Errors);
    }

    [Fact]
    public void PathWildcardsResolveAgainstThePowerShellLocation()
    {
        _dir.Write("a.yml", Specs.ReadOnly);
        _dir.Write("b.yml", Specs.AppConfig);
        Assert.NotEqual(_dir.Path, Environment.CurrentDirectory);

        var run = _session.Run("param($dir) Set-Location -LiteralPath $dir; Test-OverlordSpec -Path *.yml",
            new Dictionary<string, object> { ["dir"] = _dir.Path });

        Assert.Empty(run.Errors);
        var results = run.Objects<SpecTestResult>();
        Assert.Equal(["readOnly", "appConfig"], results.Select(r => r.Kind));
        Assert.All(results, r => Assert.True(r.IsValid));
    }

    [Fact]
    public void QuietWritesOneBooleanPerFileAndNoError()
    {
        var good = _dir.Write("good.yml", Specs.AppConfig);
        var bad = _dir.Write("bad.yml", Specs.Invalid);
        var missing = Path.Combine(_dir.Path, "missing.yml");

        var run = _session.Run("param($paths) Test-OverlordSpec -LiteralPath $paths -Quiet",
            new Dictionary<string, object> { ["paths"] = new[] { good, bad, missing } });

        Assert.Empty(run.Errors);
        Assert.Equal([true, false, false], run.Objects<bool>());
    }

    [Fact]
    public void MissingFileIsAnObjectNotFoundErrorAndTheNextFileIsStillTested()
    {
        var missing = Path.Combine(_dir.Path, "missing.yml");
        var good = _dir.Write("good.yml", Specs.ReadOnly);

        var run = _session.Run("param($paths) Test-OverlordSpec -Path $paths",
            new Dictionary<string, object> { ["paths"] = new[] { missing, good } });

        var error = Assert.Single(run.Errors);
        Assert.Equal($"{ErrorIds.SpecFileNotFound},{CmdletType}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(missing, error.TargetObject);
        var result = Assert.Single(run.Objects<SpecTestResult>());
        Assert.Equal(good, result.Path);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void DirectoriesAndOtherProvidersAreInvalidArguments()
    {
        var run = _session.Run("param($dir) Test-OverlordSpec -LiteralPath $dir, 'Env:PATH'",
            new Dictionary<string, object> { ["dir"] = _dir.Path });

        Assert.Empty(run.Output);
        Assert.Equal([ErrorIds.SpecPathIsDirectory, ErrorIds.SpecPathNotFileSystem],
            run.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.All(run.Errors, e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
        Assert.Equal([_dir.Path, "Env:PATH"], run.Errors.Select(e => e.TargetObject));
    }

    [Fact]
    public void ErrorsAreCoreSpecErrorObjects()
    {
        var bad = _dir.Write("bad.yml", Specs.Invalid);

        var run = _session.Run("param($path) (Test-OverlordSpec -LiteralPath $path).Errors",
            new Dictionary<string, object> { ["path"] = bad });

        var errors = run.Objects<SpecError>();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(bad, e.File));
    }
}
