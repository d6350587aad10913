using System.Text.RegularExpressions;
using Fluid;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using Overlord.Core.Specs;
using Overlord.Core.Validation;

namespace Overlord.Core.Placement;

/// <summary>The spec an appConfig renders to, or why it could not be had.</summary>
public sealed record AppConfigResult
{
    /// <summary>The rendered directorProject or vmJail spec, with the appConfig's placement; null on failure.</summary>
    public Spec? Spec { get; init; }

    /// <summary>The target the template was read from; null when no target had it.</summary>
    public DeploymentTarget? Source { get; init; }

    /// <summary>The rendered text (null when rendering failed), for <c>-WhatIf</c> and for reading errors against.</summary>
    public string? Rendered { get; init; }

    /// <summary>Template and spec errors; positions are in the template (syntax) or the rendered text (spec).</summary>
    public IReadOnlyList<SpecError> Errors { get; init; } = [];

    /// <summary>Targets tried before <see cref="Source"/>, each with why its template could not be read.</summary>
    public IReadOnlyList<(DeploymentTarget Target, string Reason)> Skipped { get; init; } = [];

    /// <summary>True when <see cref="Spec"/> is usable.</summary>
    public bool IsValid => Spec is not null && Errors.Count == 0;
}

/// <summary>
/// Renders <c>kind: appConfig</c>. Upstream renders the template with Mako; we use Liquid (Fluid), sandboxed: no file
/// system (<c>include</c> and <c>render</c> are refused), no functions, no .NET member access beyond the string
/// variables, and bounded steps and recursion. Variables are <c>appConfig</c> plus <c>appName</c>; an undefined
/// variable is an error, as in Mako.
/// </summary>
public sealed partial class AppConfigRenderer
{
    private static readonly FluidParser Parser = new(new FluidParserOptions { AllowFunctions = false });

    private readonly SpecLoaderOptions _loaderOptions;

    /// <summary>Creates a renderer; <paramref name="loaderOptions"/> resolves <c>${NAME}</c> in the rendered spec.</summary>
    public AppConfigRenderer(SpecLoaderOptions? loaderOptions = null) => _loaderOptions = loaderOptions ?? SpecLoaderOptions.Default;

    /// <summary>Most Liquid statements one render may run.</summary>
    public const int MaxSteps = 100_000;

    /// <summary>
    /// Upstream's order: at the first target of <paramref name="plan"/> whose metadata <c>appFrom</c> can be read,
    /// render it and load the result (<see cref="Load"/>). A target that cannot give the template is skipped. Unlike
    /// upstream, a template that fails to render or load stops here instead of trying the next target: the same
    /// broken template would fail there too, and the error positions are worth more than a warning per node.
    /// </summary>
    /// <exception cref="DeploymentRefusedException">The template renders to a kind other than directorProject or vmJail.</exception>
    public async Task<AppConfigResult> RenderAsync(AppConfigSpec spec, DeploymentPlan plan, IDatacenterClientFactory clients, CancellationToken cancellationToken)
    {
        var skipped = new List<(DeploymentTarget, string)>();
        foreach (var target in plan.Targets)
        {
            string template;
            try
            {
                var api = clients.GetClient(target.Datacenter, spec.Datacenters[target.Datacenter]);
                template = (await api.GetMetadataAtAsync(target.Chain, spec.AppFrom, cancellationToken).ConfigureAwait(false)).Metadata;
            }
            catch (Exception e) when (e is DatacenterClientException || ChainCalls.IsCallFailure(e, cancellationToken))
            {
                skipped.Add((target, $"cannot read metadata '{spec.AppFrom}': {(e is DatacenterClientException ? e.Message : ChainCalls.Describe(e))}"));
                continue;
            }
            return Load(spec, template) with { Source = target, Skipped = skipped };
        }
        var error = plan.Targets.Count == 0
            ? $"appFrom: no target matches deployIn, so the template '{spec.AppFrom}' cannot be read."
            : $"appFrom: no target could give the template '{spec.AppFrom}'.";
        return new AppConfigResult { Errors = [new SpecError(spec.Path, 1, 1, "appFrom", error)], Skipped = skipped };
    }

    /// <summary>Renders <paramref name="template"/> (the text of metadata <c>appFrom</c>) and loads the result as a spec.</summary>
    /// <exception cref="DeploymentRefusedException">The template renders to a kind other than directorProject or vmJail.</exception>
    public AppConfigResult Load(AppConfigSpec spec, string template)
    {
        var variables = new Dictionary<string, string>(spec.AppConfig, StringComparer.Ordinal) { ["appName"] = spec.AppName };
        var (rendered, errors) = Render(template, variables, spec.AppFrom);
        if (rendered is null)
        {
            return new AppConfigResult { Errors = errors };
        }
        var result = SpecLoader.ParseWithPlacement(rendered, spec.AppFrom, spec, _loaderOptions);
        if (result.Kind is { } kind && kind is not (SpecKinds.DirectorProject or SpecKinds.VmJail))
        {
            throw new DeploymentRefusedException(
                $"{spec.Path}: appFrom '{spec.AppFrom}' renders a spec of kind {kind}; appConfig only deploys directorProject and vmJail.",
                "AppConfigInvalidKind", DeploymentRefusedException.SoftwareExitCode);
        }
        return new AppConfigResult { Spec = result.Spec, Rendered = rendered, Errors = result.Errors };
    }

    /// <summary>
    /// Renders a Liquid template with string variables in the sandbox. Returns the text, or the errors with the
    /// position in the template when Fluid reports one; <paramref name="name"/> names the template in errors.
    /// </summary>
    public static (string? Text, IReadOnlyList<SpecError> Errors) Render(string template, IReadOnlyDictionary<string, string> variables, string name)
    {
        if (!Parser.TryParse(template, out var parsed, out var parseError))
        {
            return (null, [ToError(name, parseError ?? "the template cannot be parsed.")]);
        }
        var options = new TemplateOptions
        {
            FileProvider = RefusingFileProvider.Instance,
            MaxSteps = MaxSteps,
            MaxRecursion = 16,
            StrictVariables = true,
            StrictFilters = true,
            // Only the string variables below: no .NET members are reachable from the template.
            MemberAccessStrategy = new DefaultMemberAccessStrategy(),
        };
        var context = new TemplateContext(options);
        foreach (var (key, value) in variables)
        {
            context.SetValue(key, value);
        }
        try
        {
            return (parsed.Render(context), []);
        }
        catch (Exception e) when (e is FluidException or InvalidOperationException or ArgumentException or IOException)
        {
            return (null, [ToError(name, e.Message)]);
        }
    }

    [GeneratedRegex(@"\((?<line>\d+):(?<column>\d+)\)")]
    private static partial Regex Position();

    private static SpecError ToError(string name, string message)
    {
        var m = Position().Match(message);
        return m.Success
            ? new SpecError(name, int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture), "", "template: " + message)
            : new SpecError(name, 1, 1, "", "template: " + message);
    }

    /// <summary>A file provider that has no files, so <c>include</c>/<c>render</c> can never reach the disk.</summary>
    private sealed class RefusingFileProvider : IFileProvider
    {
        public static readonly RefusingFileProvider Instance = new();

        public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

        public IFileInfo GetFileInfo(string subpath) =>
            throw new InvalidOperationException($"'{subpath}': include and render are not supported in appConfig templates (upstream's <%include> has no equivalent).");

        public IChangeToken Watch(string filter) => NullChangeToken.Singleton;
    }
}
