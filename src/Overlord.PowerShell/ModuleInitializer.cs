using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace Overlord.PowerShell;

/// <summary>
/// Runs on <c>Import-Module</c> and <c>Remove-Module</c>. PowerShell loads this assembly into the default load
/// context, where Overlord.Core cannot be found (it ships in <c>Dependencies/</c>, not next to this file), so the
/// first use of a Core type raises <see cref="AssemblyLoadContext.Resolving"/>. The handler answers for Core only and
/// loads it into <see cref="DependencyLoadContext"/>, whose own probing then finds YamlDotNet and the rest there.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    /// <summary>The one assembly the default context is helped with.</summary>
    internal const string CoreAssemblyName = "Overlord.Core";

    /// <summary>Hooks the resolver.</summary>
    public void OnImport() => AssemblyLoadContext.Default.Resolving += ResolveCore;

    /// <summary>Unhooks the resolver.</summary>
    public void OnRemove(PSModuleInfo psModuleInfo) => AssemblyLoadContext.Default.Resolving -= ResolveCore;

    private static Assembly? ResolveCore(AssemblyLoadContext context, AssemblyName name) =>
        Resolve(DependencyLoadContext.Instance, name);

    /// <summary>
    /// Answers only for Overlord.Core, so requests for other modules' assemblies stay theirs, and only when
    /// <paramref name="dependencies"/> ships it: asking the context for an assembly it lacks would fall back to the
    /// default context, raise this event again and recurse until the stack overflows.
    /// </summary>
    internal static Assembly? Resolve(DependencyLoadContext dependencies, AssemblyName name) =>
        string.Equals(name.Name, CoreAssemblyName, StringComparison.Ordinal) ? dependencies.LoadShipped(name) : null;
}
