using System.Globalization;
using System.Text.RegularExpressions;
using Overlord.Core.Validation;
using Overlord.Core.Yaml;

namespace Overlord.Core.Specs;

internal static partial class AutoScaleReader
{
    [GeneratedRegex(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:([kmgtpe])(?:i?b)?|b|bytes?)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HumanSize();

    public static AutoScaleSpec? Read(MapReader m)
    {
        var r = m.Reader;
        var defaults = new AutoScaleSpec();
        long? min = null, max = null;
        if (m.Map("replicas") is { } replicas)
        {
            min = replicas.Int("min", min: 1);
            max = replicas.Int("max", min: 1);
            replicas.RejectUnknown();
            if (min is not null && max is not null && max < min && replicas.Take("max") is { } maxNode)
            {
                r.Error(maxNode, "autoScale.replicas.max", $"must not be less than replicas.min ({min}), got {max}.");
            }
        }
        var type = m.OneOf("type", ScaleTypes.All);
        var value = m.Int("value");
        if (type is ScaleTypes.PercentJail or ScaleTypes.PercentProject && m.Take("value") is null)
        {
            m.Missing("value");
        }
        var rules = ReadResources(m, "rules");
        var economy = ReadResources(m, "economy");
        var labels = m.List("labels", (n, p) => r.String(n, p, Names.Label(), Names.LabelRule));
        var metadata = m.List("metadata", (n, p) => r.String(n, p, Names.Metadata(), Names.MetadataRule));
        LoadBalancerTest? frontend = null, backend = null;
        if (m.Map("load-balancer") is { } lb)
        {
            frontend = lb.Map("frontend") is { } f ? ReadLoadBalancer(f) : null;
            backend = lb.Map("backend") is { } b ? ReadLoadBalancer(b) : null;
            lb.RejectUnknown();
        }
        m.RejectUnknown();
        return defaults with
        {
            MinReplicas = min ?? defaults.MinReplicas,
            MaxReplicas = max,
            Type = type ?? defaults.Type,
            Value = value,
            Rules = rules ?? [],
            Economy = economy ?? [],
            Labels = labels ?? defaults.Labels,
            Metadata = metadata ?? defaults.Metadata,
            Frontend = frontend,
            Backend = backend,
        };
    }

    private static Dictionary<string, long>? ReadResources(MapReader m, string key)
    {
        if (m.Map(key) is not { } map)
        {
            return null;
        }
        var r = m.Reader;
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Node.Entries)
        {
            var path = map.Child(k.Text);
            map.Allow(k.Text);
            if (r.Key(k, map.Path) is not { } resource)
            {
                continue;
            }
            var isSize = ScaleResources.Sizes.Contains(resource);
            if (!isSize && !ScaleResources.Counts.Contains(resource))
            {
                r.Error(k, path, $"'{SpecReader.Shorten(resource)}' is not a resource autoScale can measure; use one of: {string.Join(", ", ScaleResources.Sizes.Concat(ScaleResources.Counts))}.");
                continue;
            }
            if (isSize && v is YScalar { Kind: ScalarKind.String } s)
            {
                if (ParseSize(s.Text) is { } bytes)
                {
                    result[resource] = bytes;
                }
                else
                {
                    r.Error(v, path, $"'{SpecReader.Shorten(s.Text)}' is not a size; write bytes or a number with a unit such as 512m or 2G (binary units).");
                }
                continue;
            }
            if (r.Int(v, path, min: 0) is { } limit)
            {
                result[resource] = limit;
            }
        }
        return result;
    }

    /// <summary>Parses human sizes with binary units as upstream does (<c>512m</c> = 536870912).</summary>
    public static long? ParseSize(string text)
    {
        var match = HumanSize().Match(text);
        if (!match.Success)
        {
            return null;
        }
        var number = decimal.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var exponent = match.Groups[2].Success ? "kmgtpe".IndexOf(char.ToLowerInvariant(match.Groups[2].Value[0]), StringComparison.Ordinal) + 1 : 0;
        try
        {
            var bytes = number;
            for (var i = 0; i < exponent; i++)
            {
                bytes = checked(bytes * 1024);
            }
            return bytes > long.MaxValue ? null : (long)decimal.Floor(bytes);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static LoadBalancerTest? ReadLoadBalancer(MapReader m)
    {
        var r = m.Reader;
        var name = m.String("name", required: true);
        IReadOnlyDictionary<string, LoadBalancerRule>? or = null, and = null;
        if (m.Map("rules", required: true) is { } rules)
        {
            if (rules.Node.Entries.Count == 0)
            {
                r.Error(rules.Node, rules.Path, "must not be empty: give 'or' or 'and' rules.");
            }
            or = rules.NamedMap("or", (n, p) => ReadRule(r, n, p));
            and = rules.NamedMap("and", (n, p) => ReadRule(r, n, p));
            rules.RejectUnknown();
        }
        m.RejectUnknown();
        return name is null ? null : new LoadBalancerTest { Name = name, Or = or, And = and };
    }

    private static LoadBalancerRule? ReadRule(SpecReader r, YNode node, string path)
    {
        if (node is YScalar { Kind: ScalarKind.Null })
        {
            return new LoadBalancerRule(); // a null rule always passes
        }
        if (r.Map(node, path) is not { } m)
        {
            return null;
        }
        var rule = new LoadBalancerRule { Each = m.Int("each") };
        var valueNode = m.Take("value");
        m.RejectUnknown();
        switch (valueNode)
        {
            case null:
                m.Missing("value");
                return null;
            case YScalar { Kind: ScalarKind.Int }:
                return r.Int(valueNode, m.Child("value")) is { } limit ? rule with { Limit = limit } : null;
            case YScalar { Kind: ScalarKind.String } s:
                return rule with { Text = s.Text };
            case YSequence seq:
                var valuePath = m.Child("value");
                if (seq.Items.Count != 2)
                {
                    r.Error(seq, valuePath, $"a range is a list of two integers [low, high], got {seq.Items.Count} items.");
                    return null;
                }
                var lo = r.Int(seq.Items[0], SpecReader.Index(valuePath, 0), min: 0);
                var hi = r.Int(seq.Items[1], SpecReader.Index(valuePath, 1), min: 0);
                if (lo is null || hi is null)
                {
                    return null;
                }
                if (lo > hi)
                {
                    r.Error(seq, valuePath, $"the low end ({lo}) is greater than the high end ({hi}).");
                    return null;
                }
                return rule with { Range = [lo.Value, hi.Value] };
            default:
                r.TypeError(valueNode, m.Child("value"), "an integer, a string or a [low, high] range");
                return null;
        }
    }
}
