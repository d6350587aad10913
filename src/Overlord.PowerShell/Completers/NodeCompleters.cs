using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Overlord.PowerShell.Cmdlets;

namespace Overlord.PowerShell.Completers;

/// <summary>
/// Completes <c>-Chain</c> from the connected node's <c>/v1/chains/tree</c>. Cached per connection, short timeout,
/// never throws: without a connection or on any failure there are simply no completions.
/// </summary>
public sealed class ChainCompleter : IArgumentCompleter
{
    private static readonly object Gate = new();
    private static (object Connection, IReadOnlyList<string> Paths)? _cache;

    /// <summary>Drops the cache (on connect and disconnect).</summary>
    internal static void Forget()
    {
        lock (Gate)
        {
            _cache = null;
        }
    }

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Match(Paths(), wordToComplete);

    private static IReadOnlyList<string> Paths()
    {
        var connection = NodeConnection.Current;
        if (connection is null)
        {
            return [];
        }
        lock (Gate)
        {
            if (_cache is { } cached && ReferenceEquals(cached.Connection, connection))
            {
                return cached.Paths;
            }
        }
        var paths = Completion.Fetch(async c =>
        {
            var tree = await connection.Node.GetChainTreeAsync(null, c).ConfigureAwait(false);
            return (IReadOnlyList<string>)[.. GetOverlordChainCommand.Flatten(connection.Uri, "", "", 1, tree.Chains).Where(e => e.Error is null).Select(e => e.Path)];
        });
        lock (Gate)
        {
            _cache = (connection, paths);
        }
        return paths;
    }
}

/// <summary>Completes label parameters from the labels of the connected node and of every branch of its tree; silent on any failure.</summary>
public sealed class LabelCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        if (NodeConnection.Current is not { } connection)
        {
            return [];
        }
        var labels = Completion.Fetch(async c =>
        {
            var own = await connection.Node.GetLabelsAsync(null, c).ConfigureAwait(false);
            var tree = await connection.Node.GetChainTreeAsync(null, c).ConfigureAwait(false);
            return (IReadOnlyList<string>)[.. own.Concat(GetOverlordChainCommand.Flatten(connection.Uri, "", "", 1, tree.Chains).SelectMany(e => e.Labels))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        });
        return Completion.Match(labels, wordToComplete);
    }
}

/// <summary>Completes <c>-Name</c> of <c>Get-OverlordJail</c> from the connected node's jails; silent on any failure.</summary>
public sealed class JailNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        if (NodeConnection.Current is not { } connection)
        {
            return [];
        }
        var chain = fakeBoundParameters["Chain"] as string ?? connection.Chain;
        return Completion.Match(Completion.Fetch(c => connection.Node.GetJailsAsync(chain, c)), wordToComplete);
    }
}

/// <summary>Completes <c>-Name</c> of <c>Get-OverlordProject</c> from the connected node's projects; silent on any failure.</summary>
public sealed class ProjectNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        if (NodeConnection.Current is not { } connection)
        {
            return [];
        }
        var chain = fakeBoundParameters["Chain"] as string ?? connection.Chain;
        return Completion.Match(Completion.Fetch(c => connection.Node.GetProjectsAsync(chain, c)), wordToComplete);
    }
}

internal static class Completion
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    public static IReadOnlyList<string> Fetch(Func<CancellationToken, Task<IReadOnlyList<string>>> call)
    {
        using var timeout = new CancellationTokenSource(Budget);
        try
        {
            return call(timeout.Token).GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // A completer must never throw.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
    }

    public static IEnumerable<CompletionResult> Match(IReadOnlyList<string> values, string word)
    {
        var pattern = WildcardPattern.Get((word ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return values.Where(pattern.IsMatch).Order(StringComparer.Ordinal)
            .Select(v => new CompletionResult(v, v, CompletionResultType.ParameterValue, v)).ToList();
    }
}
