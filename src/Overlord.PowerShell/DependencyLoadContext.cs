using System.Reflection;
using System.Runtime.Loader;

namespace Overlord.PowerShell;

/// <summary>
/// The module's private load context: Overlord.Core and its dependencies (YamlDotNet, later Refit) load here from the
/// module's <c>Dependencies/</c> folder, so that another module holding a different version of one of them in the
/// default context neither breaks us nor is broken by us.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    /// <summary>The name the context shows in <see cref="AssemblyLoadContext.All"/>, for diagnostics and tests.</summary>
    public const string ContextName = "Overlord";

    private static readonly Lazy<DependencyLoadContext> Shared = new(() => new DependencyLoadContext(DefaultDirectory()));

    private readonly string _directory;

    /// <summary>Creates a context that loads assemblies found in <paramref name="directory"/>.</summary>
    internal DependencyLoadContext(string directory)
        : base(ContextName, isCollectible: false)
    {
        _directory = directory;
    }

    /// <summary>
    /// The one context of this module. It lives as long as the process: the cmdlet assembly cannot be unloaded
    /// from the default context either, and a second import must reuse the same Core.
    /// </summary>
    public static DependencyLoadContext Instance => Shared.Value;

    /// <summary>The folder this context loads from.</summary>
    public string Directory => _directory;

    /// <summary>
    /// Loads an assembly shipped in the folder; anything else (the framework, System.Management.Automation)
    /// returns null so that the default context provides it and types stay shared with PowerShell.
    /// </summary>
    protected override Assembly? Load(AssemblyName assemblyName) =>
        ShippedPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;

    /// <summary>
    /// Loads <paramref name="assemblyName"/> into this context when the folder ships it; null otherwise. Never
    /// falls back to the default context, so a resolving handler of the default context can call it safely.
    /// </summary>
    public Assembly? LoadShipped(AssemblyName assemblyName) =>
        ShippedPath(assemblyName) is null ? null : LoadFromAssemblyName(assemblyName);

    private string? ShippedPath(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not { Length: > 0 } name)
        {
            return null;
        }
        var path = Path.Combine(_directory, name + ".dll");
        return File.Exists(path) ? path : null;
    }

    private static string DefaultDirectory()
    {
        var here = Path.GetDirectoryName(typeof(DependencyLoadContext).Assembly.Location)
            ?? throw new InvalidOperationException("The Overlord module assembly has no location on disk.");
        return Path.Combine(here, "Dependencies");
    }
}
