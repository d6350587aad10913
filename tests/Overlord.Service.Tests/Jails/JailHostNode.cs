using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Polling;
using Overlord.Service.Tests.Support;

namespace Overlord.Service.Tests.Jails;

/// <summary>The fakes of one node's jail host and the log directories it serves.</summary>
public sealed class FakeHost
{
    public FakeHost(string name)
    {
        Logs = Directory.CreateTempSubdirectory($"overlord-{name}-logs-").FullName;
        Directory.CreateDirectory(AppJailLogs);
        Directory.CreateDirectory(DirectorLogs);
        Rctl = new FakeRctl(AppJail);
    }

    public FakeAppJail AppJail { get; } = new();

    public FakeDirector Director { get; } = new();

    public FakeRctl Rctl { get; }

    public FakeProjectStatus Statuses { get; } = new();

    /// <summary>A temp dir holding both log roots (and room for things outside them).</summary>
    public string Logs { get; }

    public string AppJailLogs => Path.Combine(Logs, "appjail");

    public string DirectorLogs => Path.Combine(Logs, "director");

    /// <summary>Adds the fakes and the log roots to a node spec.</summary>
    public TestNodeSpec Apply(TestNodeSpec spec) => spec with
    {
        ExtraYaml = $"appjail: {{logs: \"{AppJailLogs}\"}}\ndirector: {{logs: \"{DirectorLogs}\"}}",
        ConfigureServices = services =>
        {
            services.AddSingleton<IAppJail>(AppJail);
            services.AddSingleton<IDirector>(Director);
            services.AddSingleton<IRctl>(Rctl);
            services.AddSingleton<IProjectStatusSource>(Statuses);
        },
    };

    public void WriteLog(string relative, string text)
    {
        var path = Path.Combine(Logs, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Delete()
    {
        try
        {
            Directory.Delete(Logs, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Job records set by tests.</summary>
public sealed class FakeProjectStatus : IProjectStatusSource
{
    public Dictionary<(string, ProjectJobKind), JsonObject> Records { get; } = [];

    public JsonObject? Get(string project, ProjectJobKind kind) =>
        Records.TryGetValue((project, kind), out var record) ? (JsonObject)record.DeepClone() : null;
}

/// <summary>HTTP helpers for the jail route tests.</summary>
public static class JailHttp
{
    public static async Task<(int Status, string Body, HttpResponseMessage Response)> SendAsync(TestNode node, HttpMethod method, string path, bool token = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token)
        {
            request.Headers.TryAddWithoutValidation("Authentication", "Bearer " + node.Token);
        }
        var response = await node.Raw().SendAsync(request, TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), response);
    }

    /// <summary>Sends <paramref name="rawPath"/> exactly as written (no client-side normalization of dots or escapes).</summary>
    public static async Task<(int Status, string Raw)> SendRawAsync(TestNode node, string rawPath)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(node.BaseAddress.Host, node.BaseAddress.Port, TestContext.Current.CancellationToken);
        await using var stream = client.GetStream();
        var request = $"GET {rawPath} HTTP/1.1\r\nHost: {node.BaseAddress.Authority}\r\nAuthentication: Bearer {node.Token}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
        return (int.Parse(raw.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), raw);
    }

    public static Task PollAsync(TestNode node) => node.Service<JailPollers>().PollAllOnceAsync(TestContext.Current.CancellationToken);
}
