using Overlord.Core.Chains;
using Overlord.Core.Labels;
using Overlord.Core.Validation;
using Overlord.Core.Yaml;

namespace Overlord.Core.Specs;

/// <summary>Reads <c>datacenters</c>, <c>deployIn</c> and <c>maximumDeployments</c>, shared by every kind.</summary>
internal static class CommonKeys
{
    private static readonly string[] DeployInKeys = ["entrypoints", "labels", "exclude"];

    public static SpecCommon Read(MapReader root)
    {
        var r = root.Reader;
        var datacenters = root.NamedMap("datacenters", (n, p) => ReadDatacenter(r, n, p), required: true)
            ?? new Dictionary<string, DatacenterSpec>();
        var deployIn = ReadDeployIn(root, datacenters);
        var maximum = root.Int("maximumDeployments", min: 0) ?? 0;
        return new SpecCommon(r.Diag.File, datacenters, deployIn, maximum);
    }

    private static DatacenterSpec? ReadDatacenter(SpecReader r, YNode node, string path)
    {
        // Upstream accepts a null datacenter; it then has no entrypoint of its own.
        if (node is YScalar { Kind: ScalarKind.Null })
        {
            return new DatacenterSpec();
        }
        return r.Map(node, path) is { } m ? ReadDatacenter(m) : null;
    }

    private static DatacenterSpec ReadDatacenter(MapReader m)
    {
        var d = new DatacenterSpec();
        var result = d with
        {
            Entrypoint = m.String("entrypoint"),
            AccessToken = m.String("access_token"),
            Timeout = m.Int("timeout") ?? d.Timeout,
            ReadTimeout = m.Int("read_timeout") ?? d.ReadTimeout,
            WriteTimeout = m.Int("write_timeout") ?? d.WriteTimeout,
            ConnectTimeout = m.Int("connect_timeout") ?? d.ConnectTimeout,
            PoolTimeout = m.Int("pool_timeout") ?? d.PoolTimeout,
            MaxKeepaliveConnections = m.Int("max_keepalive_connections") ?? d.MaxKeepaliveConnections,
            MaxConnections = m.Int("max_connections") ?? d.MaxConnections,
            KeepaliveExpiry = m.Int("keepalive_expiry") ?? d.KeepaliveExpiry,
            CaCert = m.String("cacert"),
        };
        m.RejectUnknown();
        return result;
    }

    private static DeployIn ReadDeployIn(MapReader root, IReadOnlyDictionary<string, DatacenterSpec> datacenters)
    {
        var m = root.Map("deployIn", required: true);
        List<Entrypoint>? entrypoints = null;
        List<string>? labels = null;
        List<string>? exclude = null;
        if (m is not null)
        {
            if (m.Node.Entries.Count == 0)
            {
                m.Reader.Error(m.Node, "deployIn", "must not be empty: give entrypoints, labels or exclude.");
            }
            entrypoints = m.List("entrypoints", (n, p) => ReadEntrypoint(m.Reader, n, p, datacenters));
            labels = m.List("labels", (n, p) => m.Reader.String(n, p, Names.Label(), Names.LabelRule));
            exclude = m.List("exclude", (n, p) => m.Reader.String(n, p, Names.Label(), Names.LabelRule));
            m.RejectUnknown();
        }
        return new DeployIn
        {
            Entrypoints = entrypoints ?? [.. datacenters.Keys.Select(dc => new Entrypoint(dc, ChainPath.Root))],
            Labels = labels ?? [LabelMatcher.All],
            Exclude = exclude ?? [],
        };
    }

    private static Entrypoint? ReadEntrypoint(SpecReader r, YNode node, string path, IReadOnlyDictionary<string, DatacenterSpec> datacenters)
    {
        if (r.String(node, path) is not { } text)
        {
            return null;
        }
        if (!Entrypoint.TryParse(text, out var entrypoint, out var error))
        {
            r.Error(node, path, error!);
            return null;
        }
        if (!datacenters.ContainsKey(entrypoint!.Datacenter))
        {
            var known = datacenters.Count == 0 ? "none is defined" : "defined: " + string.Join(", ", datacenters.Keys);
            r.Error(node, path, $"'{entrypoint.Datacenter}' is not a datacenter of this spec ({known}).");
            return null;
        }
        return entrypoint;
    }
}
