using Overlord.Service.Jails.Logs;

namespace Overlord.Service.Tests.Jails;

public sealed class LogRootTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("overlord-logroot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Root => Path.Combine(_dir, "logs");

    private LogRoot Setup()
    {
        Directory.CreateDirectory(Path.Combine(Root, "jails", "web", "console"));
        File.WriteAllText(Path.Combine(Root, "jails", "web", "console", "2026-01-01.log"), "hi\n");
        File.WriteAllText(Path.Combine(_dir, "secret.log"), "secret\n");
        return new LogRoot(Root);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("/etc")]
    [InlineData("a\\b")]
    [InlineData("a\0b")]
    [InlineData("..%2F..")]
    [InlineData("x%5cy")]
    public void NonPlainNamesAreRefused(string part)
    {
        Assert.Equal(LogLookup.InvalidName, Setup().Find("jails", "web", part, "x.log").Lookup);
    }

    [Fact]
    public void AFileInsideIsFound()
    {
        var found = Setup().Find("jails", "web", "console", "2026-01-01.log");

        Assert.Equal(LogLookup.Found, found.Lookup);
        Assert.Equal(Path.Combine(LogRoot.RealPath(Root)!, "jails", "web", "console", "2026-01-01.log"), found.Path);
    }

    [Fact]
    public void MissingFilesAndDirectoriesAreNotFound()
    {
        var root = Setup();

        Assert.Equal(LogLookup.NotFound, root.Find("jails", "web", "console", "nope.log").Lookup);
        Assert.Equal(LogLookup.NotFound, root.Find("jails", "web", "console", "..x").Lookup);
        Assert.Equal(LogLookup.NotFound, root.Find("jails", "web", "x", "console").Lookup);
        Assert.Equal(LogLookup.NotFound, new LogRoot(Path.Combine(_dir, "absent")).Find("a", "b", "c", "d").Lookup);
    }

    [Fact]
    public void SymlinksThatEscapeAreRefusedAndThoseInsideAllowed()
    {
        var root = Setup();
        var console = Path.Combine(Root, "jails", "web", "console");
        File.CreateSymbolicLink(Path.Combine(console, "escape.log"), Path.Combine(_dir, "secret.log"));
        File.CreateSymbolicLink(Path.Combine(console, "relative.log"), "../../../../secret.log");
        Directory.CreateSymbolicLink(Path.Combine(Root, "jails", "evil"), _dir);
        File.CreateSymbolicLink(Path.Combine(console, "inside.log"), "2026-01-01.log");
        Directory.CreateSymbolicLink(Path.Combine(Root, "alias"), Path.Combine(Root, "jails"));
        File.CreateSymbolicLink(Path.Combine(console, "loop.log"), "loop.log");

        Assert.Equal(LogLookup.OutsideRoot, root.Find("jails", "web", "console", "escape.log").Lookup);
        Assert.Equal(LogLookup.OutsideRoot, root.Find("jails", "web", "console", "relative.log").Lookup);
        Assert.Equal(LogLookup.OutsideRoot, root.Find("jails", "evil", "secret.log").Lookup);
        Assert.Equal(LogLookup.Found, root.Find("jails", "web", "console", "inside.log").Lookup);
        Assert.Equal(LogLookup.Found, root.Find("alias", "web", "console", "2026-01-01.log").Lookup);
        Assert.Equal(LogLookup.NotFound, root.Find("jails", "web", "console", "loop.log").Lookup);
    }

    [Fact]
    public void ARootThatIsASymlinkStillWorks()
    {
        Setup();
        var link = Path.Combine(_dir, "link");
        Directory.CreateSymbolicLink(link, Root);

        Assert.Equal(LogLookup.Found, new LogRoot(link).Find("jails", "web", "console", "2026-01-01.log").Lookup);
    }

    [Fact]
    public void ListingDoesNotFollowLinksOutside()
    {
        var root = Setup();
        Directory.CreateSymbolicLink(Path.Combine(Root, "jails", "evil"), _dir);

        var entries = root.List("jails");

        Assert.Equal([("evil", false), ("web", true)], entries);
        Assert.Empty(root.List("jails", "evil"));
    }
}
