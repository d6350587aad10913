using System.Net;
using Overlord.Core.Chains;
using Overlord.Core.Validation;
using Overlord.Core.Yaml;

namespace Overlord.Core.Specs;

internal static class DirectorProjectReader
{
    /// <summary>The <c>chainsEnvironment</c> key for the datacenter's own node.</summary>
    public const string RootChainKey = "<root>";

    public static DirectorProjectSpec? Read(MapReader root, SpecCommon common, SpecContext context)
    {
        var r = root.Reader;
        var projectName = root.String("projectName", Names.Project(), Names.ProjectRule, required: true);
        var (projectFile, fromMetadata) = ReadProjectSource(root);
        var environment = root.StringMap("environment");
        var labels = ReadEnvironmentTable(root, "labelsEnvironment",
            name => Names.Label().IsMatch(name) ? null : $"'{SpecReader.Shorten(name)}' is not a valid label: {Names.LabelRule}");
        // Upstream checks chainsEnvironment keys with the single-hop regex and so rejects the very <root> and
        // dotted keys it looks up; we accept chain paths and <root>.
        var chains = ReadEnvironmentTable(root, "chainsEnvironment",
            name => name == RootChainKey || ChainPath.TryParse(name, out _, out var error) ? null : $"not a chain path: {error} Use '{RootChainKey}' for the datacenter's own node.");
        var datacenters = ReadEnvironmentTable(root, "datacentersEnvironment",
            name => common.Datacenters.ContainsKey(name) ? null : $"'{SpecReader.Shorten(name)}' is not a datacenter of this spec, so these variables would never apply.");
        var environFromMetadata = root.String("environFromMetadata", Names.Metadata(), Names.MetadataRule);
        var autoScale = root.Map("autoScale") is { } a ? AutoScaleReader.Read(a) : null;
        var reservePort = ReadReservePort(root);
        if (projectName is null)
        {
            return null;
        }
        return new DirectorProjectSpec(common)
        {
            ProjectName = projectName,
            ProjectFile = projectFile,
            ProjectFromMetadata = fromMetadata,
            Environment = environment ?? [],
            LabelsEnvironment = Freeze(labels),
            ChainsEnvironment = Freeze(chains),
            DatacentersEnvironment = Freeze(datacenters),
            EnvironFromMetadata = environFromMetadata,
            AutoScale = autoScale,
            ReservePort = reservePort ?? [],
        };
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Freeze(Dictionary<string, Dictionary<string, string>>? map) =>
        map?.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, string>)kv.Value, StringComparer.Ordinal)
        ?? new Dictionary<string, IReadOnlyDictionary<string, string>>();

    private static (string? File, string? Metadata) ReadProjectSource(MapReader root)
    {
        var file = root.String("projectFile");
        var metadata = root.String("projectFromMetadata", Names.Metadata(), Names.MetadataRule);
        var fileNode = root.Take("projectFile");
        var metadataNode = root.Take("projectFromMetadata");
        if (fileNode is null && metadataNode is null)
        {
            root.Reader.Error(root.Node, "projectFile", "give either 'projectFile' or 'projectFromMetadata'; neither is set.");
        }
        else if (fileNode is not null && metadataNode is not null)
        {
            root.Reader.Error(metadataNode, "projectFromMetadata", "give either 'projectFile' or 'projectFromMetadata', not both.");
        }
        return (file, metadata);
    }

    /// <summary>A map of names (checked by <paramref name="nameError"/>) to environment maps.</summary>
    private static Dictionary<string, Dictionary<string, string>>? ReadEnvironmentTable(MapReader root, string key, Func<string, string?> nameError)
    {
        if (root.Take(key) is not { } node)
        {
            return null;
        }
        var r = root.Reader;
        if (node is not YMapping map)
        {
            r.TypeError(node, key, "a map");
            return null;
        }
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (k, value) in map.Entries)
        {
            if (r.Key(k, key) is not { } name)
            {
                continue;
            }
            var path = SpecReader.Join(key, name);
            if (nameError(name) is { } error)
            {
                r.Error(k, path, error);
                continue;
            }
            if (r.StringMap(value, path) is { } env)
            {
                result[name] = env;
            }
        }
        return result;
    }

    /// <summary>An address with a prefix length; host bits may be set (the node picks an address inside it).</summary>
    private static bool IsCidr(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !IPAddress.TryParse(text[..slash], out var address))
        {
            return false;
        }
        var maxPrefix = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
        return int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix)
            && prefix <= maxPrefix;
    }

    private static Dictionary<string, string?>? ReadReservePort(MapReader root)
    {
        if (root.Take("reserve_port") is not { } node)
        {
            return null;
        }
        var r = root.Reader;
        if (node is not YMapping map)
        {
            r.TypeError(node, "reserve_port", "a map of interface names to networks");
            return null;
        }
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries)
        {
            if (r.Key(key, "reserve_port") is not { } iface)
            {
                continue;
            }
            var path = $"reserve_port.{iface}";
            if (value is YScalar { Kind: ScalarKind.Null })
            {
                result[iface] = null;
                continue;
            }
            if (r.String(value, path) is not { } network)
            {
                continue;
            }
            if (!IsCidr(network))
            {
                r.Error(value, path, $"'{SpecReader.Shorten(network)}' is not a network in CIDR form such as 10.0.0.0/24 or fd00::/64.");
                continue;
            }
            result[iface] = network;
        }
        return result;
    }
}
