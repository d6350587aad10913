using Overlord.Core.Validation;
using Overlord.Core.Yaml;

namespace Overlord.Core.Specs;

/// <summary>
/// Loads deployment spec files of every kind with upstream's keys, defaults and rules, reporting every problem at
/// once with file:line:column. It never throws for bad input.
/// </summary>
public static class SpecLoader
{
    /// <summary>Reads and loads the spec at <paramref name="path"/>.</summary>
    public static SpecLoadResult LoadFile(string path, SpecLoaderOptions? options = null)
    {
        options ??= SpecLoaderOptions.Default;
        byte[] bytes;
        try
        {
            bytes = options.ReadFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new SpecLoadResult { Path = path, Errors = [new SpecError(path, 1, 1, "", $"cannot read the file: {e.Message}")] };
        }
        return Load(bytes, path, options);
    }

    /// <summary>Loads a spec from its bytes; <paramref name="path"/> names it in errors and anchors relative includes.</summary>
    public static SpecLoadResult Load(ReadOnlySpan<byte> bytes, string path, SpecLoaderOptions? options = null)
    {
        options ??= SpecLoaderOptions.Default;
        var context = new SpecContext(path, options);
        var root = YamlDocumentLoader.Load(bytes, context.Diagnostics, context.Environment);
        return Finish(context, root);
    }

    /// <summary>Loads a spec from text (for example piped from Get-Content).</summary>
    public static SpecLoadResult Parse(string text, string path, SpecLoaderOptions? options = null)
    {
        options ??= SpecLoaderOptions.Default;
        var context = new SpecContext(path, options);
        var root = YamlDocumentLoader.Load(text, context.Diagnostics, context.Environment);
        return Finish(context, root);
    }

    /// <summary>
    /// Loads a spec rendered from an appConfig template. As upstream, the rendered <c>datacenters</c>,
    /// <c>deployIn</c> and <c>maximumDeployments</c> are replaced by <paramref name="placement"/>'s before validation,
    /// so the template need not (and cannot) set them; errors point into <paramref name="text"/> and name
    /// <paramref name="path"/>.
    /// </summary>
    internal static SpecLoadResult ParseWithPlacement(string text, string path, Spec placement, SpecLoaderOptions? options = null)
    {
        options ??= SpecLoaderOptions.Default;
        var context = new SpecContext(path, options);
        var root = YamlDocumentLoader.Load(text, context.Diagnostics, context.Environment);
        if (root is YMapping map)
        {
            map.Entries.RemoveAll(e => e.Key.Text is "datacenters" or "deployIn" or "maximumDeployments");
            // Stand-ins that validate like the real placement (datacentersEnvironment keys must name its
            // datacenters); the parsed values are swapped for the real ones below.
            var datacenters = new YMapping(SourceMark.Start);
            foreach (var name in placement.Datacenters.Keys)
            {
                datacenters.Add(Scalar(name), new YScalar(SourceMark.Start, "", ScalarKind.Null, null));
            }
            var labels = new YSequence(SourceMark.Start);
            labels.Add(Scalar(Labels.LabelMatcher.All));
            var deployIn = new YMapping(SourceMark.Start);
            deployIn.Add(Scalar("labels"), labels);
            map.Add(Scalar("datacenters"), datacenters);
            map.Add(Scalar("deployIn"), deployIn);
        }
        var result = Finish(context, root);
        return result.Spec is { } spec
            ? result with
            {
                Spec = spec with
                {
                    Datacenters = placement.Datacenters,
                    DeployIn = placement.DeployIn,
                    MaximumDeployments = placement.MaximumDeployments,
                },
            }
            : result;

        static YScalar Scalar(string text) => new(SourceMark.Start, text, ScalarKind.String, text);
    }

    private static SpecLoadResult Finish(SpecContext context, YNode? root)
    {
        string? kind = null;
        Spec? spec = null;
        if (root is not null)
        {
            (kind, spec) = Read(context, root);
        }
        var errors = context.Diagnostics.Sorted();
        return new SpecLoadResult { Path = context.Path, Kind = kind, Spec = errors.Count == 0 ? spec : null, Errors = errors };
    }

    private static (string? Kind, Spec? Spec) Read(SpecContext context, YNode rootNode)
    {
        var reader = context.Reader;
        if (rootNode is not YMapping)
        {
            reader.Error(rootNode, "", $"a spec must be a map of keys (kind, datacenters, deployIn, ...), but this is {SpecReader.Describe(rootNode)}.");
            return (null, null);
        }
        var root = reader.Map(rootNode, "")!;
        var kind = root.OneOf("kind", SpecKinds.All, required: true);
        var common = CommonKeys.Read(root);
        Spec? spec = kind switch
        {
            SpecKinds.DirectorProject => DirectorProjectReader.Read(root, common, context),
            SpecKinds.Metadata => MetadataReader.Read(root, common, context),
            SpecKinds.VmJail => VmJailReader.Read(root, common, context),
            SpecKinds.AppConfig => AppConfigReader.Read(root, common, context),
            SpecKinds.ReadOnly => new ReadOnlySpec(common),
            _ => null,
        };
        // readOnly has no key whitelist upstream: it only reads datacenters and placement.
        if (kind is not null && kind != SpecKinds.ReadOnly)
        {
            root.RejectUnknown();
        }
        return (kind, spec);
    }
}
