using System.Globalization;
using Overlord.Core.Validation;
using Overlord.Core.Yaml;

namespace Overlord.Core.Specs;

/// <summary>
/// Reads <c>kind: vmJail</c> with upstream's keys, types and defaults (<c>spec/vm_jail.py</c>). Where upstream's
/// validator lets through a spec that can only fail later on the node, we reject it here; each such rule says so.
/// </summary>
internal static class VmJailReader
{
    private const string FlagsKey = "flags";
    private const string ScriptKey = "script";

    public static VmJailSpec? Read(MapReader root, SpecCommon common, SpecContext context)
    {
        var r = root.Reader;
        // Upstream does not require vmName at load time, but apply then posts to /v1/vm/None; it names the
        // project, the jail and the VM, so it is required here.
        var vmName = root.String("vmName", Names.Vm(), Names.VmRule, required: true);
        var (makejailNode, fromMetadataNode) = ExactlyOne(root, "makejail", "makejailFromMetadata");
        var makejail = makejailNode is null ? null : r.String(makejailNode, "makejail");
        // The key is looked up as metadata on each node, where an invalid name fails; say so at load time.
        var makejailFromMetadata = fromMetadataNode is null
            ? null
            : r.String(fromMetadataNode, "makejailFromMetadata", Names.Metadata(), Names.MetadataRule);
        // Upstream's validator makes template and diskLayout optional, but every node answers 400 without them.
        var template = root.StringMap("template", required: true);
        var diskLayout = ReadDiskLayout(root);
        var script = root.String("script");
        var metadata = root.List("metadata", (n, p) => r.String(n, p, Names.Metadata(), Names.MetadataRule), nonEmpty: false);
        // The node reads "<prefix>.<key>" and fails on an invalid key name, so the prefix must be a key name itself.
        var metadataPrefix = root.String("metadataPrefix", Names.Metadata(), Names.MetadataRule);
        var options = root.List("options", (n, p) => ReadOption(r, n, p), nonEmpty: false);
        var scriptEnvironment = ReadEnvironmentList(root, "script-environment");
        var startEnvironment = ReadEnvironmentList(root, "start-environment");
        var startArguments = ReadEnvironmentList(root, "start-arguments");
        var buildEnvironment = ReadEnvironmentList(root, "build-environment");
        var buildArguments = ReadEnvironmentList(root, "build-arguments");
        var cloudInit = ReadCloudInit(root);
        var overwrite = root.Bool("overwrite") ?? false;
        var datastore = root.String("datastore");
        var poweroff = root.Bool("poweroff") ?? false;

        if (vmName is null || makejail is null && makejailFromMetadata is null || template is null || diskLayout is null)
        {
            return null;
        }
        return new VmJailSpec(common)
        {
            VmName = vmName,
            Makejail = makejail,
            MakejailFromMetadata = makejailFromMetadata,
            Template = template,
            DiskLayout = diskLayout,
            Script = script,
            Metadata = metadata ?? [],
            MetadataPrefix = metadataPrefix,
            Options = options ?? [],
            ScriptEnvironment = scriptEnvironment,
            StartEnvironment = startEnvironment,
            StartArguments = startArguments,
            BuildEnvironment = buildEnvironment,
            BuildArguments = buildArguments,
            CloudInit = cloudInit,
            Overwrite = overwrite,
            Datastore = datastore,
            Poweroff = poweroff,
        };
    }

    /// <summary>
    /// Takes two keys of which exactly one must be given. Neither is reported like a missing key (at the map);
    /// both is reported at whichever key comes second in the file, since that is the one to delete or move.
    /// </summary>
    private static (YNode? First, YNode? Second) ExactlyOne(MapReader m, string first, string second)
    {
        var a = m.Take(first);
        var b = m.Take(second);
        if (a is null && b is null)
        {
            m.Reader.Error(m.Node, m.Child(first), $"give exactly one of '{first}' or '{second}'; neither is given.");
        }
        else if (a is not null && b is not null)
        {
            var (ma, mb) = (KeyOf(m, first).Mark, KeyOf(m, second).Mark);
            var later = (ma.Line, ma.Column).CompareTo((mb.Line, mb.Column)) > 0 ? first : second;
            m.Reader.Error(KeyOf(m, later), m.Child(later), $"give only one of '{first}' or '{second}', not both.");
        }
        return (a, b);
    }

    /// <summary>
    /// A required, non-empty list. The shared empty-list message advises leaving the key out, which is wrong
    /// advice for a required key, so an empty list is reported here instead.
    /// </summary>
    private static List<T>? RequiredList<T>(MapReader m, string key, Func<YNode, string, T?> item)
    {
        if (m.Take(key) is YSequence { Items.Count: 0 } empty)
        {
            m.Reader.Error(empty, m.Child(key), "must list at least one item.");
            return null;
        }
        return m.List(key, item, required: true);
    }

    private static YScalar KeyOf(MapReader m, string key) => m.Node.Entries.First(e => e.Key.Text == key).Key;

    private static VmDiskLayout? ReadDiskLayout(MapReader root)
    {
        var m = root.Map("diskLayout", required: true);
        if (m is null)
        {
            return null;
        }
        var r = m.Reader;
        var driver = m.OneOf("driver", VmDiskDrivers.All, required: true);
        // Upstream checks 'driver' a second time where it meant 'size' (a bug): size is a required string.
        var size = m.String("size", required: true);
        var (fromType, from) = ReadSource(m);
        var diskNode = m.Take("disk");
        var disk = diskNode is null ? null : r.Map(diskNode, m.Child("disk")) is { } dm ? ReadDisk(dm) : null;
        var fstabNode = m.Take("fstab");
        var fstab = fstabNode is null ? null : r.List(fstabNode, m.Child("fstab"), (n, p) => ReadFstabEntry(r, n, p));
        // Judged on the type alone, so that this is reported even when other 'from' keys are wrong.
        if (fromType is VmDiskSourceTypes.Components or VmDiskSourceTypes.AppjailImage or VmDiskSourceTypes.Pkgbase)
        {
            // Upstream finds these missing only inside the job, after the jail and the VM have been created.
            if (diskNode is null)
            {
                r.Error(m.Node, m.Child("disk"), $"the key 'disk' is required when from.type is '{fromType}': the disk is partitioned before the system is installed.");
            }
            if (fstabNode is null)
            {
                r.Error(m.Node, m.Child("fstab"), $"the key 'fstab' is required when from.type is '{fromType}': it becomes the VM's /etc/fstab.");
            }
        }
        m.RejectUnknown();
        return driver is null || size is null || from is null
            ? null
            : new VmDiskLayout { Driver = driver, Size = size, From = from, Disk = disk, Fstab = fstab };
    }

    private static (string? Type, VmDiskSource? Source) ReadSource(MapReader layout)
    {
        var m = layout.Map("from", required: true);
        if (m is null)
        {
            return (null, null);
        }
        var type = m.OneOf("type", VmDiskSourceTypes.All, required: true);
        VmDiskSource? source = type switch
        {
            VmDiskSourceTypes.Components => ReadComponents(m),
            VmDiskSourceTypes.AppjailImage => ReadAppjailImage(m),
            VmDiskSourceTypes.Pkgbase => ReadPkgbase(m),
            VmDiskSourceTypes.Iso => ReadIso(m),
            VmDiskSourceTypes.Img => ReadImg(m),
            _ => null,
        };
        // The whitelist depends on the type, so without a valid type there is nothing to check the keys against.
        // Upstream looks its whitelist up one level too deep and so never rejects anything here (a bug).
        if (type is not null)
        {
            m.RejectUnknown();
        }
        return (type, source);
    }

    private static VmComponentsSource? ReadComponents(MapReader m)
    {
        var r = m.Reader;
        // Upstream accepts an empty list, which installs nothing and leaves an unbootable disk; we refuse it.
        var components = RequiredList(m, "components", (n, p) => r.String(n, p));
        var osVersion = m.String("osVersion", required: true);
        var osArch = m.String("osArch", required: true);
        var downloadUrl = m.String("downloadURL");
        return components is null || osVersion is null || osArch is null
            ? null
            : new VmComponentsSource
            {
                Components = components,
                OsVersion = osVersion,
                OsArch = osArch,
                DownloadUrl = downloadUrl ?? VmComponentsSource.DefaultDownloadUrl,
            };
    }

    private static VmAppjailImageSource? ReadAppjailImage(MapReader m)
    {
        var entrypoint = m.String("entrypoint", required: true);
        var imageName = m.String("imageName", required: true);
        var imageArch = m.String("imageArch", required: true);
        var imageTag = m.String("imageTag", required: true);
        return entrypoint is null || imageName is null || imageArch is null || imageTag is null
            ? null
            : new VmAppjailImageSource { Entrypoint = entrypoint, ImageName = imageName, ImageArch = imageArch, ImageTag = imageTag };
    }

    private static VmPkgbaseSource? ReadPkgbase(MapReader m)
    {
        var r = m.Reader;
        var osVersion = m.String("osVersion", required: true);
        var osArch = m.String("osArch", required: true);
        // Upstream accepts an empty list; the node's install script then stops with a usage error.
        var packages = RequiredList(m, "packages", (n, p) => r.String(n, p));
        var pkgConf = m.String("pkgConf");
        var fingerprints = m.String("fingerprints");
        return osVersion is null || osArch is null || packages is null
            ? null
            : new VmPkgbaseSource
            {
                OsVersion = osVersion,
                OsArch = osArch,
                Packages = packages,
                PkgConf = pkgConf,
                Fingerprints = fingerprints ?? VmPkgbaseSource.DefaultFingerprints,
            };
    }

    private static VmIsoSource? ReadIso(MapReader m)
    {
        var isoFile = m.String("isoFile", required: true);
        var installed = m.Bool("installed") ?? false;
        return isoFile is null ? null : new VmIsoSource { IsoFile = isoFile, Installed = installed };
    }

    // Upstream type-checks 'installed' for img too, but its img whitelist omits it and the node ignores it, so an
    // 'installed' key under type img is reported as unknown.
    private static VmImgSource ReadImg(MapReader m) => new() { ImgFile = m.String("imgFile") };

    private static VmDisk? ReadDisk(MapReader m)
    {
        var r = m.Reader;
        var scheme = m.OneOf("scheme", [VmDisk.Gpt], required: true);
        // Upstream leaves partitions optional, but the job indexes it unconditionally.
        var partitions = RequiredList(m, "partitions", (n, p) => ReadPartition(r, n, p));
        var bootcode = m.Map("bootcode") is { } bm ? ReadBootcode(bm) : null;
        m.RejectUnknown();
        return scheme is null || partitions is null
            ? null
            : new VmDisk { Scheme = scheme, Partitions = partitions, Bootcode = bootcode };
    }

    private static VmPartition? ReadPartition(SpecReader r, YNode node, string path)
    {
        if (r.Map(node, path) is not { } m)
        {
            return null;
        }
        var type = m.String("type", required: true);
        var alignment = m.String("alignment");
        var start = m.String("start");
        var size = m.String("size");
        var label = m.String("label");
        var format = m.Map("format") is { } fm ? ReadFormat(fm) : null;
        m.RejectUnknown();
        return type is null
            ? null
            : new VmPartition { Type = type, Alignment = alignment, Start = start, Size = size, Label = label, Format = format };
    }

    private static VmPartitionFormat? ReadFormat(MapReader m)
    {
        var r = m.Reader;
        // Upstream accepts an empty format map, which the job then fails to write out; one of the two is required.
        var (flagsNode, scriptNode) = ExactlyOne(m, FlagsKey, ScriptKey);
        var flags = flagsNode is null ? null : r.String(flagsNode, m.Child(FlagsKey));
        var script = scriptNode is null ? null : r.String(scriptNode, m.Child(ScriptKey));
        m.RejectUnknown();
        return (flags, script) switch
        {
            ({ } f, null) => new VmNewfsFormat { Flags = f },
            (null, { } s) => new VmScriptFormat { Script = s },
            _ => null,
        };
    }

    private static VmBootcode ReadBootcode(MapReader m)
    {
        var bootcode = m.String("bootcode");
        var partcodeNode = m.Take("partcode");
        var indexNode = m.Take("index");
        VmPartcode? partcode = null;
        if (partcodeNode is null != indexNode is null)
        {
            var (given, missing) = partcodeNode is null ? ("index", "partcode") : ("partcode", "index");
            m.Reader.Error(m.Node, m.Child(missing), $"the key '{missing}' is required when '{given}' is given: partcode and index go together.");
        }
        var file = partcodeNode is null ? null : m.Reader.String(partcodeNode, m.Child("partcode"));
        var index = indexNode is null ? null : m.Reader.Int32(indexNode, m.Child("index"), min: 0);
        if (file is not null && index is not null)
        {
            partcode = new VmPartcode { File = file, Index = index.Value };
        }
        m.RejectUnknown();
        return new VmBootcode { Bootcode = bootcode, Partcode = partcode };
    }

    private static VmFstabEntry? ReadFstabEntry(SpecReader r, YNode node, string path)
    {
        if (r.Map(node, path) is not { } m)
        {
            return null;
        }
        var device = m.String("device", required: true);
        var mountpoint = m.String("mountpoint", required: true);
        var type = m.String("type", required: true);
        var options = m.String("options", required: true);
        var dump = m.Int32("dump", min: 0, required: true);
        var pass = m.Int32("pass", min: 0, required: true);
        m.RejectUnknown();
        return device is null || mountpoint is null || type is null || options is null || dump is null || pass is null
            ? null
            : new VmFstabEntry { Device = device, Mountpoint = mountpoint, Type = type, Options = options, Dump = dump.Value, Pass = pass.Value };
    }

    /// <summary>One Director option: a map whose values are strings, or null for an option without argument.</summary>
    private static Dictionary<string, string?>? ReadOption(SpecReader r, YNode node, string path)
    {
        if (node is not YMapping map)
        {
            r.TypeError(node, path, "a map of strings");
            return null;
        }
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries)
        {
            if (r.Key(key, path) is not { } k)
            {
                continue;
            }
            if (value is YScalar { Kind: ScalarKind.Null })
            {
                result[k] = null;
            }
            else if (r.String(value, SpecReader.Join(path, k)) is { } v)
            {
                result[k] = v;
            }
        }
        return result;
    }

    /// <summary>A list of maps str→str; upstream allows an empty list and empty maps here.</summary>
    private static IReadOnlyList<IReadOnlyDictionary<string, string>> ReadEnvironmentList(MapReader root, string key)
    {
        var r = root.Reader;
        return root.List<IReadOnlyDictionary<string, string>>(key, (n, p) => r.StringMap(n, p), nonEmpty: false) ?? [];
    }

    private static VmCloudInit? ReadCloudInit(MapReader root)
    {
        if (root.Map("cloud-init") is not { } m)
        {
            return null;
        }
        var flags = m.String(FlagsKey);
        var metaData = ReadDocument(m, "meta-data");
        var networkConfig = ReadDocument(m, "network-config");
        var userData = ReadDocument(m, "user-data");
        m.RejectUnknown();
        // Upstream writes the seed image whenever the map has any entry, even one set to null.
        return m.Node.Entries.Count == 0
            ? null
            : new VmCloudInit
            {
                Flags = flags ?? VmCloudInit.DefaultFlags,
                MetaData = metaData,
                UserData = userData,
                NetworkConfig = networkConfig,
            };
    }

    private static Dictionary<string, object?>? ReadDocument(MapReader m, string key)
    {
        var node = m.Take(key);
        if (node is null)
        {
            return null;
        }
        var path = m.Child(key);
        if (node is not YMapping)
        {
            m.Reader.TypeError(node, path, "a map");
            return null;
        }
        return (Dictionary<string, object?>?)Plain(m.Reader, node, path);
    }

    /// <summary>Turns free-form YAML into plain values for a document the node writes back out.</summary>
    private static object? Plain(SpecReader r, YNode node, string path)
    {
        switch (node)
        {
            case YScalar { Kind: ScalarKind.Null }:
                return null;
            case YScalar { Kind: ScalarKind.Bool, Value: bool b }:
                return b;
            case YScalar { Kind: ScalarKind.Int, Value: long l }:
                return l;
            case YScalar { Kind: ScalarKind.Int } big:
                r.Error(big, path, $"{big.Text} is too large for a 64-bit integer; quote it if it is text.");
                return null;
            case YScalar { Kind: ScalarKind.Float, Value: double d }:
                return d;
            case YScalar s:
                // Strings, and dates kept as written: upstream cannot send a date over its JSON wire at all.
                return s.Text;
            case YSequence seq:
                var list = new List<object?>(seq.Items.Count);
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    list.Add(Plain(r, seq.Items[i], SpecReader.Index(path, i)));
                }
                return list;
            case YMapping map:
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in map.Entries)
                {
                    var name = KeyText(key);
                    dict[name] = Plain(r, value, SpecReader.Join(path, name));
                }
                return dict;
            default:
                return null;
        }
    }

    /// <summary>
    /// Upstream sends these documents as JSON, which turns every key into a string (1 → "1", true → "true",
    /// null → "null"); we do the same so the node writes the same document.
    /// </summary>
    private static string KeyText(YScalar key) => key switch
    {
        { Kind: ScalarKind.Null } => "null",
        { Kind: ScalarKind.Bool, Value: bool b } => b ? "true" : "false",
        { Kind: ScalarKind.Int, Value: long l } => l.ToString(CultureInfo.InvariantCulture),
        _ => key.Text,
    };
}
