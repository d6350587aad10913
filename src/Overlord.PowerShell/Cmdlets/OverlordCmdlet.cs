using System.Management.Automation;
using Microsoft.PowerShell.Commands;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// Plumbing shared by the Overlord cmdlets: resolving spec paths against PowerShell's location. It declares no
/// parameters; NodeCmdlet adds -Uri/-Token/-Chain and SpecFileCmdlet -Path/-LiteralPath, whose doc comments are the
/// help of those parameters in every cmdlet that inherits them.
/// </summary>
public abstract class OverlordCmdlet : PSCmdlet
{
    /// <summary>
    /// Resolves <c>-Path</c> values (wildcards allowed) or <c>-LiteralPath</c> values to spec files, relative to the
    /// session's current location, not the process's. Every value yields at least one target; a value that names no
    /// file yields one with an <see cref="ErrorRecord"/> whose target object is that value.
    /// </summary>
    /// <remarks>
    /// Directories that a wildcard matches are skipped, so <c>-Path *</c> tests the files; a directory named
    /// outright is an error, as is a wildcard that matches no file at all.
    /// </remarks>
    internal IEnumerable<SpecFileTarget> ResolveSpecFiles(IEnumerable<string> paths, bool literal)
    {
        foreach (var path in paths)
        {
            var targets = literal ? ResolveLiteral(path) : ResolveWildcard(path);
            foreach (var target in targets)
            {
                yield return target;
            }
        }
    }

    private List<SpecFileTarget> ResolveLiteral(string path)
    {
        string providerPath;
        ProviderInfo provider;
        try
        {
            providerPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
        }
        catch (Exception e) when (IsPathLookupFailure(e))
        {
            return [NotFound(path, e.Message)];
        }
        if (NotFileSystem(path, provider) is { } failure)
        {
            return [failure];
        }
        return [.. Check(path, providerPath, fromWildcard: false)];
    }

    private List<SpecFileTarget> ResolveWildcard(string path)
    {
        ICollection<string> providerPaths;
        ProviderInfo provider;
        try
        {
            providerPaths = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
        }
        catch (Exception e) when (IsPathLookupFailure(e))
        {
            return [NotFound(path, e.Message)];
        }
        if (NotFileSystem(path, provider) is { } failure)
        {
            return [failure];
        }
        var wildcard = WildcardPattern.ContainsWildcardCharacters(path);
        var targets = providerPaths.SelectMany(p => Check(path, p, wildcard)).ToList();
        return targets.Count > 0 ? targets : [NotFound(path, $"Cannot find a spec file matching '{path}'.")];
    }

    private static SpecFileTarget? NotFileSystem(string input, ProviderInfo provider)
    {
        if (string.Equals(provider.Name, FileSystemProvider.ProviderName, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var message = $"'{input}' is on the {provider.Name} provider; spec files must be on the file system.";
        return Failure(new PSArgumentException(message), ErrorIds.SpecPathNotFileSystem, ErrorCategory.InvalidArgument, input);
    }

    private static IEnumerable<SpecFileTarget> Check(string input, string providerPath, bool fromWildcard)
    {
        if (Directory.Exists(providerPath))
        {
            if (!fromWildcard)
            {
                var message = $"'{providerPath}' is a directory, not a spec file.";
                yield return Failure(new PSArgumentException(message), ErrorIds.SpecPathIsDirectory, ErrorCategory.InvalidArgument, input);
            }
        }
        else if (!File.Exists(providerPath))
        {
            yield return NotFound(input, $"Cannot find the spec file '{providerPath}' because it does not exist.");
        }
        else
        {
            yield return new SpecFileTarget(providerPath, null);
        }
    }

    private static bool IsPathLookupFailure(Exception e) =>
        e is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or ProviderInvocationException
            or PSArgumentException or NotSupportedException or ArgumentException;

    private static SpecFileTarget NotFound(string input, string message) =>
        Failure(new ItemNotFoundException(message), ErrorIds.SpecFileNotFound, ErrorCategory.ObjectNotFound, input);

    private static SpecFileTarget Failure(Exception exception, string errorId, ErrorCategory category, string input) =>
        new(null, new ErrorRecord(exception, errorId, category, input));
}
