using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Overlord.Emulators.Director;

/// <summary>One <c>- key: value</c> item of an options/environment/arguments list (value null for <c>- key:</c>).</summary>
internal sealed record KeyItem(string Key, string? Value);

/// <summary>A <c>scripts</c> entry.</summary>
internal sealed record ScriptSpec(string Text, string Shell, string Type, bool PostStart);

/// <summary>A top-level <c>volumes</c> entry.</summary>
internal sealed record VolumeSpec(string Device, string? Type, string Options, string Dump, string Pass);

/// <summary>One service of the project file; <see cref="Canonical"/> is what change detection compares.</summary>
internal sealed class ServiceSpec
{
    public required string Name { get; init; }
    public int Priority { get; set; } = 99;
    public string? Jail { get; set; }
    public string Makejail { get; set; } = "Makejail";
    public string? RuntimeMakejail { get; set; }
    public bool ResetOptions { get; set; }
    public bool IgnoreMtime { get; set; }
    public List<KeyItem> Options { get; } = [];
    public List<KeyItem> Arguments { get; } = [];
    public List<KeyItem> RuntimeArguments { get; } = [];
    public List<KeyItem> Environment { get; } = [];
    public List<KeyItem> RuntimeEnvironment { get; } = [];
    public List<KeyItem> StartEnvironment { get; } = [];
    public List<KeyItem> Start { get; } = [];
    public string? OciUser { get; set; }
    public string? OciWorkdir { get; set; }
    public List<KeyItem> OciEnvironment { get; } = [];
    public List<KeyItem> Volumes { get; } = [];
    public List<ScriptSpec> Scripts { get; } = [];
    public string Canonical { get; set; } = "";
}

/// <summary>
/// The project file (§3.7), parsed with YamlDotNet's representation model so <c>!ENV</c> tags are visible. Validation
/// is a reasonable subset of Director's: known keys at the top level, in services, scripts, oci and volumes, the
/// name patterns, and the non-empty-value rules. Any error is an <c>InvalidSpec</c> <see cref="DirectorError"/>.
/// </summary>
internal sealed partial class ProjectSpec
{
    [GeneratedRegex("^[a-zA-Z0-9._-]+$")]
    private static partial Regex ServiceNameRegex();

    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9_-]*$")]
    private static partial Regex JailNameRegex();

    [GeneratedRegex(@"\$\{([^}:]+)(?::([^}]*))?\}")]
    private static partial Regex EnvRefRegex();

    private static readonly HashSet<string> TopKeys = ["options", "services", "default_volume_type", "volumes"];

    private static readonly HashSet<string> ServiceKeys =
    [
        "priority", "name", "makejail", "runtime-makejail", "reset_options", "ignore_mtime", "options", "arguments",
        "runtime-arguments", "environment", "runtime-environment", "start-environment", "start", "oci", "volumes",
        "scripts", "serial",
    ];

    public List<KeyItem> Options { get; } = [];
    public string OptionsCanonical { get; private set; } = "";
    public List<ServiceSpec> Services { get; } = [];
    public string DefaultVolumeType { get; private set; } = "<pseudofs>";
    public Dictionary<string, VolumeSpec> Volumes { get; } = new(StringComparer.Ordinal);

    private readonly Func<string, string?> _env;

    private ProjectSpec(Func<string, string?> env) => _env = env;

    public static ProjectSpec Parse(string text, Func<string, string?> env)
    {
        var spec = new ProjectSpec(env);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw Invalid($"<main>: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Invalid("<main>: The file is not a mapping.");
        }
        spec.Load(root);
        return spec;
    }

    private static DirectorError Invalid(string message) => new("InvalidSpec", message);

    private void Load(YamlMappingNode root)
    {
        foreach (var (k, _) in root.Children)
        {
            var key = Scalar(k) ?? "";
            if (!TopKeys.Contains(key))
            {
                throw Invalid($"<main>: Unknown key \"{key}\".");
            }
        }
        if (Get(root, "options") is { } opts)
        {
            Options.AddRange(Items(opts, "<main>", "options", requireValue: false));
            OptionsCanonical = Canonical(opts);
        }
        if (Get(root, "default_volume_type") is { } dvt)
        {
            DefaultVolumeType = Scalar(dvt) ?? DefaultVolumeType;
        }
        if (Get(root, "volumes") is { } vols)
        {
            if (vols is not YamlMappingNode vm)
            {
                throw Invalid("<main>: volumes: must be a mapping.");
            }
            foreach (var (k, v) in vm.Children)
            {
                var name = Scalar(k) ?? "";
                var m = v as YamlMappingNode ?? throw Invalid($"<volume:{name}>: must be a mapping.");
                foreach (var (vk, _) in m.Children)
                {
                    var key = Scalar(vk) ?? "";
                    if (key is not ("device" or "type" or "options" or "dump" or "pass" or "umask" or "mode" or "owner" or "group"))
                    {
                        throw Invalid($"<volume:{name}>: Unknown key \"{key}\".");
                    }
                }
                var device = Get(m, "device") is { } d ? Scalar(d) : null;
                if (string.IsNullOrEmpty(device))
                {
                    throw Invalid($"<volume:{name}>: device: This key is required.");
                }
                Volumes[name] = new VolumeSpec(device, Get(m, "type") is { } t ? Scalar(t) : null,
                    Get(m, "options") is { } o ? Scalar(o) ?? "rw" : "rw", Get(m, "dump") is { } du ? Scalar(du) ?? "0" : "0",
                    Get(m, "pass") is { } pa ? Scalar(pa) ?? "0" : "0");
            }
        }
        var services = Get(root, "services") ?? throw Invalid("<main>: services: This key is required.");
        if (services is YamlScalarNode { Value: null or "" } || services is YamlMappingNode { Children.Count: 0 })
        {
            return;
        }
        if (services is not YamlMappingNode sm)
        {
            throw Invalid("<main>: services: must be a mapping.");
        }
        foreach (var (k, v) in sm.Children)
        {
            Services.Add(LoadService(Scalar(k) ?? "", v));
        }
    }

    private ServiceSpec LoadService(string name, YamlNode node)
    {
        var where = $"<service:{name}>";
        if (!ServiceNameRegex().IsMatch(name))
        {
            throw Invalid($"{where}: Invalid service name.");
        }
        var s = new ServiceSpec { Name = name, Canonical = Canonical(node) };
        if (node is YamlScalarNode { Value: null or "" })
        {
            return s;
        }
        var m = node as YamlMappingNode ?? throw Invalid($"{where}: must be a mapping.");
        foreach (var (k, v) in m.Children)
        {
            var key = Scalar(k) ?? "";
            if (!ServiceKeys.Contains(key))
            {
                throw Invalid($"{where}: Unknown key \"{key}\".");
            }
            switch (key)
            {
                case "priority":
                    s.Priority = int.TryParse(Scalar(v), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p)
                        ? p : throw Invalid($"{where}: priority: must be an integer.");
                    break;
                case "serial":
                    _ = int.TryParse(Scalar(v), NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                        ? 0 : throw Invalid($"{where}: serial: must be an integer.");
                    break;
                case "name":
                    s.Jail = Scalar(v);
                    if (s.Jail is null || !JailNameRegex().IsMatch(s.Jail))
                    {
                        throw Invalid($"{where}: name: Invalid jail name \"{s.Jail}\".");
                    }
                    break;
                case "makejail": s.Makejail = Scalar(v) ?? s.Makejail; break;
                case "runtime-makejail": s.RuntimeMakejail = Scalar(v); break;
                case "reset_options": s.ResetOptions = Bool(v, where, key); break;
                case "ignore_mtime": s.IgnoreMtime = Bool(v, where, key); break;
                case "options": s.Options.AddRange(Items(v, where, key, false)); break;
                case "arguments": s.Arguments.AddRange(Items(v, where, key, true)); break;
                case "runtime-arguments": s.RuntimeArguments.AddRange(Items(v, where, key, true)); break;
                case "environment": s.Environment.AddRange(Items(v, where, key, false)); break;
                case "runtime-environment": s.RuntimeEnvironment.AddRange(Items(v, where, key, false)); break;
                case "start-environment": s.StartEnvironment.AddRange(Items(v, where, key, false)); break;
                case "start": s.Start.AddRange(Items(v, where, key, true)); break;
                case "volumes": s.Volumes.AddRange(Items(v, where, key, true)); break;
                case "oci": LoadOci(s, v, where); break;
                case "scripts": LoadScripts(s, v, where); break;
            }
        }
        return s;
    }

    private void LoadOci(ServiceSpec s, YamlNode v, string where)
    {
        var m = v as YamlMappingNode ?? throw Invalid($"{where}: oci: must be a mapping.");
        foreach (var (k, val) in m.Children)
        {
            switch (Scalar(k))
            {
                case "user": s.OciUser = Scalar(val); break;
                case "workdir": s.OciWorkdir = Scalar(val); break;
                case "environment": s.OciEnvironment.AddRange(Items(val, where, "oci.environment", true)); break;
                default: throw Invalid($"{where}: oci: Unknown key \"{Scalar(k)}\".");
            }
        }
    }

    private void LoadScripts(ServiceSpec s, YamlNode v, string where)
    {
        var seq = v as YamlSequenceNode ?? throw Invalid($"{where}: scripts: must be a list.");
        foreach (var item in seq.Children)
        {
            var m = item as YamlMappingNode ?? throw Invalid($"{where}: scripts: items must be mappings.");
            string? text = null, shell = null, type = null;
            var post = false;
            foreach (var (k, val) in m.Children)
            {
                switch (Scalar(k))
                {
                    case "text": text = Scalar(val); break;
                    case "shell": shell = Scalar(val); break;
                    case "type": type = Scalar(val); break;
                    case "post-start": post = Bool(val, where, "post-start"); break;
                    default: throw Invalid($"{where}: scripts: Unknown key \"{Scalar(k)}\".");
                }
            }
            if (string.IsNullOrEmpty(text))
            {
                throw Invalid($"{where}: scripts: text: This key is required.");
            }
            type ??= "jexec";
            if (type is not ("jexec" or "local" or "chroot"))
            {
                throw Invalid($"{where}: scripts: type: Invalid type \"{type}\".");
            }
            s.Scripts.Add(new ScriptSpec(text, shell ?? "/bin/sh -c", type, post));
        }
    }

    /// <summary>A list of single-key maps (or bare scalars, taken as keys without value).</summary>
    private List<KeyItem> Items(YamlNode node, string where, string key, bool requireValue)
    {
        if (node is YamlScalarNode { Value: null or "" })
        {
            return [];
        }
        var seq = node as YamlSequenceNode ?? throw Invalid($"{where}: {key}: must be a list.");
        var list = new List<KeyItem>();
        foreach (var item in seq.Children)
        {
            switch (item)
            {
                case YamlMappingNode { Children.Count: 1 } m:
                {
                    var (k, v) = m.Children.First();
                    var value = Scalar(v);
                    if (requireValue && string.IsNullOrEmpty(value))
                    {
                        throw Invalid($"{where}: {key}: \"{Scalar(k)}\": A value is required.");
                    }
                    list.Add(new KeyItem(Scalar(k) ?? "", value));
                    break;
                }
                case YamlScalarNode sc when !requireValue:
                    list.Add(new KeyItem(Scalar(sc) ?? "", null));
                    break;
                default:
                    throw Invalid($"{where}: {key}: items must be single-key mappings.");
            }
        }
        return list;
    }

    private bool Bool(YamlNode v, string where, string key) => Scalar(v)?.ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" or null or "" => false,
        _ => throw Invalid($"{where}: {key}: must be a boolean."),
    };

    private static YamlNode? Get(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    /// <summary>A scalar's text, <c>!ENV</c> references resolved (unset without default → empty); null for null/non-scalars.</summary>
    private string? Scalar(YamlNode node)
    {
        if (node is not YamlScalarNode s)
        {
            return null;
        }
        if (!s.Tag.IsEmpty && !s.Tag.IsNonSpecific && s.Tag.Value == "!ENV" && s.Value is { } raw)
        {
            return EnvRefRegex().Replace(raw, m => _env(m.Groups[1].Value) ?? (m.Groups[2].Success ? m.Groups[2].Value : ""));
        }
        if (s.Style == YamlDotNet.Core.ScalarStyle.Plain && s.Value is "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        return s.Value;
    }

    /// <summary>Order-insensitive for maps, order-sensitive for lists, as Python's <c>!=</c> on parsed YAML is.</summary>
    private string Canonical(YamlNode node)
    {
        var sb = new StringBuilder();
        void Walk(YamlNode n)
        {
            switch (n)
            {
                case YamlMappingNode m:
                    sb.Append('{');
                    foreach (var (k, v) in m.Children.OrderBy(c => Scalar(c.Key), StringComparer.Ordinal))
                    {
                        sb.Append(Scalar(k)).Append(':');
                        Walk(v);
                        sb.Append(',');
                    }
                    sb.Append('}');
                    break;
                case YamlSequenceNode q:
                    sb.Append('[');
                    foreach (var c in q.Children)
                    {
                        Walk(c);
                        sb.Append(',');
                    }
                    sb.Append(']');
                    break;
                default:
                    var v2 = Scalar(n);
                    sb.Append(v2 is null ? "~" : "'" + v2.Replace("'", "''", StringComparison.Ordinal) + "'");
                    break;
            }
        }
        Walk(node);
        return sb.ToString();
    }
}
