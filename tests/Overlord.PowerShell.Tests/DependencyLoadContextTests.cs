using System.Reflection;
using System.Runtime.Loader;
using Overlord.Core.Specs;

namespace Overlord.PowerShell.Tests;

public sealed class DependencyLoadContextTests
{
    [Fact]
    public void LoadsShippedAssembliesIntoItselfAndLeavesTheFrameworkToTheDefaultContext()
    {
        // The test output folder ships Overlord.Core.dll and YamlDotNet.dll, like the module's Dependencies/.
        var context = new DependencyLoadContext(AppContext.BaseDirectory);

        var core = ModuleInitializer.Resolve(context, new AssemblyName("Overlord.Core"));

        Assert.NotNull(core);
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(core));
        Assert.NotSame(typeof(SpecLoader).Assembly, core);
        var yaml = context.LoadFromAssemblyName(new AssemblyName("YamlDotNet"));
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(yaml));
        var runtime = context.LoadFromAssemblyName(new AssemblyName("System.Runtime"));
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(runtime));
    }

    [Fact]
    public void ResolveAnswersForOverlordCoreOnly()
    {
        var context = new DependencyLoadContext(AppContext.BaseDirectory);

        Assert.Null(ModuleInitializer.Resolve(context, new AssemblyName("YamlDotNet")));
        Assert.Null(ModuleInitializer.Resolve(context, new AssemblyName("Some.Other.Module")));
    }

    [Fact]
    public void ResolveGivesUpWhenCoreIsNotShipped()
    {
        // Asking the context anyway would fall back to the default context and, in pwsh, recurse through the
        // resolving event until the stack overflows.
        var empty = Directory.CreateTempSubdirectory("overlord-alc-");
        try
        {
            var context = new DependencyLoadContext(empty.FullName);
            Assert.Null(ModuleInitializer.Resolve(context, new AssemblyName("Overlord.Core")));
        }
        finally
        {
            empty.Delete();
        }
    }

    [Fact]
    public void CmdletAssemblyReferencesCoreButNeverItsDependencies()
    {
        var references = typeof(ModuleInitializer).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("Overlord.Core", references);
        Assert.DoesNotContain("YamlDotNet", references);
        Assert.DoesNotContain("Refit", references);
    }
}
