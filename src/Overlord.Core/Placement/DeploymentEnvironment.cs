using Overlord.Core.Api;
using Overlord.Core.Chains;
using Overlord.Core.Specs;
using Overlord.Core.Validation;
using Overlord.Core.Yaml;

namespace Overlord.Core.Placement;

/// <summary>What a directorProject target gets: the Director file and the environment, or why it is skipped.</summary>
public sealed record ResolvedProject
{
    /// <summary>The target.</summary>
    public required DeploymentTarget Target { get; init; }

    /// <summary>The Director file's text; null when skipped.</summary>
    public string? DirectorFile { get; init; }

    /// <summary>The merged environment; empty when skipped.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Why the target is skipped (upstream logs a warning and goes on); null when it is deployed.</summary>
    public string? SkipReason { get; init; }

    /// <summary>True when the target is skipped.</summary>
    public bool IsSkipped => SkipReason is not null;
}

/// <summary>
/// The environment a directorProject gets on one target, by upstream's precedence as implemented (later wins):
/// <c>environment</c> &lt; <c>labelsEnvironment</c> (in the order the node reports its labels) &lt;
/// <c>chainsEnvironment</c> (the path below the datacenter, <c>&lt;root&gt;</c> for the datacenter's node) &lt;
/// <c>datacentersEnvironment</c> &lt; <c>environFromMetadata</c> (a YAML map read from the target's metadata).
/// </summary>
public static class DeploymentEnvironment
{
    /// <summary>The <c>chainsEnvironment</c> key for the datacenter's own node.</summary>
    public const string RootChainKey = "<root>";

    /// <summary>The environment from the spec alone (every source but <c>environFromMetadata</c>).</summary>
    public static Dictionary<string, string> Compose(DirectorProjectSpec spec, DeploymentTarget target)
    {
        var environment = new Dictionary<string, string>(spec.Environment, StringComparer.Ordinal);
        foreach (var label in target.Labels)
        {
            if (spec.LabelsEnvironment.TryGetValue(label, out var variables))
            {
                Merge(environment, variables);
            }
        }
        foreach (var (key, variables) in spec.ChainsEnvironment)
        {
            // Upstream looks the keys up but rejects <root> and dotted ones when validating (reference §7 #2); we
            // accept both, and compare paths hop by hop so " alpha . bravo " and "alpha.bravo" are one chain.
            var matches = key == RootChainKey
                ? target.Path.IsRoot
                : ChainPath.TryParse(key, out var path, out _) && !path.IsRoot && path.Equals(target.Path);
            if (matches)
            {
                Merge(environment, variables);
            }
        }
        if (spec.DatacentersEnvironment.TryGetValue(target.Datacenter, out var dcVariables))
        {
            Merge(environment, dcVariables);
        }
        return environment;
    }

    /// <summary>
    /// Everything a target needs for <c>project/up</c> (or <c>project/down</c>): the environment with
    /// <c>environFromMetadata</c> read from the target, and the Director file — <paramref name="projectFile"/> when the
    /// spec names a <c>projectFile</c> (the caller reads it), else <c>projectFromMetadata</c> read from the target.
    /// A metadata read that fails, or an environment document that is not a map of strings, skips the target with a
    /// reason, as upstream does.
    /// </summary>
    public static async Task<ResolvedProject> ResolveAsync(
        DirectorProjectSpec spec, DeploymentTarget target, IOverlordApi api, string? projectFile, CancellationToken cancellationToken)
    {
        var environment = Compose(spec, target);
        if (spec.EnvironFromMetadata is { } envKey)
        {
            string text;
            try
            {
                text = (await api.GetMetadataAtAsync(target.Chain, envKey, cancellationToken).ConfigureAwait(false)).Metadata;
            }
            catch (Exception e) when (ChainCalls.IsCallFailure(e, cancellationToken))
            {
                return Skip(target, $"environFromMetadata: cannot read metadata '{envKey}': {ChainCalls.Describe(e)}");
            }
            var (variables, error) = ParseEnvironment(text, envKey);
            if (variables is null)
            {
                return Skip(target, $"environFromMetadata: {error}");
            }
            Merge(environment, variables);
        }

        string directorFile;
        if (spec.ProjectFromMetadata is { } fileKey)
        {
            try
            {
                directorFile = (await api.GetMetadataAtAsync(target.Chain, fileKey, cancellationToken).ConfigureAwait(false)).Metadata;
            }
            catch (Exception e) when (ChainCalls.IsCallFailure(e, cancellationToken))
            {
                return Skip(target, $"projectFromMetadata: cannot read metadata '{fileKey}': {ChainCalls.Describe(e)}");
            }
        }
        else
        {
            directorFile = projectFile ?? throw new ArgumentNullException(nameof(projectFile), $"the spec names projectFile '{spec.ProjectFile}'; pass its text.");
        }
        return new ResolvedProject { Target = target, DirectorFile = directorFile, Environment = environment };
    }

    /// <summary>
    /// Reads an <c>environFromMetadata</c> document: a YAML map of names to scalars. Strings are taken as they are and
    /// numbers and booleans as written (upstream passes them on unconverted and the node stringifies them); nested
    /// values, nulls and anything that is not a map are refused with the position, naming <paramref name="key"/> as
    /// the file.
    /// </summary>
    public static (IReadOnlyDictionary<string, string>? Variables, string? Error) ParseEnvironment(string text, string key)
    {
        var diag = new Diagnostics(key);
        var root = YamlDocumentLoader.LoadLiteral(text, diag);
        if (diag.HasErrors)
        {
            return (null, string.Join("; ", diag.Sorted()));
        }
        if (root is not YMapping map)
        {
            return (null, $"metadata '{key}' is {root?.TypeName ?? "empty"}, not a map of environment variables.");
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, value) in map.Entries)
        {
            if (value is not YScalar { Kind: not ScalarKind.Null } scalar)
            {
                diag.Add(value, k.Text, $"'{k.Text}' must be a string, not {value.TypeName}.");
                continue;
            }
            result[k.Text] = scalar.Text;
        }
        return diag.HasErrors ? (null, string.Join("; ", diag.Sorted())) : (result, null);
    }

    private static void Merge(Dictionary<string, string> environment, IReadOnlyDictionary<string, string> variables)
    {
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }
    }

    private static ResolvedProject Skip(DeploymentTarget target, string reason) => new() { Target = target, SkipReason = reason };
}
