using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using Overlord.PowerShell.Cmdlets;

namespace Overlord.PowerShell.Tests;

/// <summary>
/// An in-process PowerShell session with the Overlord cmdlets and format file added directly, as the module would
/// add them. Here Core loads in the default context like any project reference; the isolated layout is covered by
/// the Pester suites, which import the built module.
/// </summary>
internal sealed class OverlordSession : IDisposable
{
    private readonly Runspace _runspace;

    public OverlordSession()
    {
        var state = InitialSessionState.CreateDefault();
        foreach (var type in typeof(OverlordCmdlet).Assembly.GetExportedTypes())
        {
            if (type.GetCustomAttribute<CmdletAttribute>() is { } cmdlet)
            {
                state.Commands.Add(new SessionStateCmdletEntry($"{cmdlet.VerbName}-{cmdlet.NounName}", type, helpFileName: null));
            }
        }
        state.Formats.Add(new SessionStateFormatEntry(Path.Combine(AppContext.BaseDirectory, "Overlord.format.ps1xml")));
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    /// <summary>Runs <paramref name="script"/> (a <c>param()</c> block takes <paramref name="parameters"/>) and collects output and non-terminating errors.</summary>
    public SessionResult Run(string script, IDictionary<string, object>? parameters = null)
    {
        using var shell = System.Management.Automation.PowerShell.Create(_runspace);
        shell.AddScript(script);
        if (parameters is not null)
        {
            shell.AddParameters((System.Collections.IDictionary)parameters);
        }
        var output = shell.Invoke();
        return new SessionResult(output, [.. shell.Streams.Error]);
    }

    /// <summary>A shell on this session's runspace, for tests that invoke asynchronously (and stop) themselves.</summary>
    public System.Management.Automation.PowerShell Shell() => System.Management.Automation.PowerShell.Create(_runspace);

    public void Dispose() => _runspace.Dispose();
}

/// <summary>What a script wrote.</summary>
internal sealed record SessionResult(Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors)
{
    public IReadOnlyList<T> Objects<T>() => [.. Output.Select(o => Assert.IsAssignableFrom<T>(o.BaseObject))];
}

/// <summary>A fresh directory per test, removed afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("overlord-ps-tests-").FullName;
    }

    public string Path { get; }

    public string Write(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Spec texts the tests share.</summary>
internal static class Specs
{
    public const string ReadOnly = """
        kind: readOnly
        datacenters:
          main:
            entrypoint: 'http://127.0.0.1:8888'
        deployIn:
          labels: [all]
        """;

    public const string AppConfig = """
        kind: appConfig
        appName: blog
        appFrom: wordpress.template
        appConfig:
          domain: blog.example.org
        datacenters:
          main:
            entrypoint: 'http://127.0.0.1:8888'
        deployIn:
          labels: [web]
        """;

    /// <summary>Two problems: 5:19 datacenters.main.read_timeout and 8:7 deployIn.labels[0].</summary>
    public const string Invalid = """
        kind: readOnly
        datacenters:
          main:
            entrypoint: 'http://127.0.0.1:8888'
            read_timeout: soon
        deployIn:
          labels:
            - Web
        """;
}
