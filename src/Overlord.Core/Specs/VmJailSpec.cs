namespace Overlord.Core.Specs;

/// <summary>
/// <c>kind: vmJail</c>: a jail created by AppJail Director from a Makejail that runs one bhyve VM through
/// vm-bhyve. The project, the jail and the VM share the name <see cref="VmName"/>.
/// </summary>
public sealed record VmJailSpec : Spec
{
    /// <summary>Creates the spec from the shared keys.</summary>
    public VmJailSpec(SpecCommon common) : base(common) { }

    /// <inheritdoc />
    public override string Kind => SpecKinds.VmJail;

    /// <summary><c>vmName</c>: the name of the project, the jail and the VM (see <see cref="Names.Vm"/>).</summary>
    public required string VmName { get; init; }

    /// <summary>
    /// <c>makejail</c>: the Makejail that builds the jail (it must install vm-bhyve and set up networking).
    /// Exactly one of this and <see cref="MakejailFromMetadata"/> is set.
    /// </summary>
    public string? Makejail { get; init; }

    /// <summary>
    /// <c>makejailFromMetadata</c>: the metadata key, read on each target node, that holds the Makejail.
    /// Exactly one of this and <see cref="Makejail"/> is set.
    /// </summary>
    public string? MakejailFromMetadata { get; init; }

    /// <summary>
    /// <c>template</c>: vm-bhyve template parameters. The node adds <c>disk0_type</c>, <c>disk0_name</c>,
    /// <c>disk0_dev</c>, <c>disk0_size</c> from <see cref="DiskLayout"/>, and <c>disk1_*</c> for cloud-init.
    /// </summary>
    public required IReadOnlyDictionary<string, string> Template { get; init; }

    /// <summary><c>diskLayout</c>: the VM's disk and how the operating system gets onto it.</summary>
    public required VmDiskLayout DiskLayout { get; init; }

    /// <summary>
    /// <c>script</c>: a shell script written to the jail as <c>run.sh</c> and run there after installing, with the
    /// VM's root file system mounted at <c>/mnt</c>. Only used when <see cref="VmDiskSource.FormatsDisk"/>.
    /// </summary>
    public string? Script { get; init; }

    /// <summary>
    /// <c>metadata</c>: metadata keys copied into the jail as <c>/metadata/&lt;key&gt;</c> (keys that do not exist
    /// on the node are skipped). See <see cref="GetMetadataKeys"/> for the keys with the prefix applied.
    /// </summary>
    public IReadOnlyList<string> Metadata { get; init; } = [];

    /// <summary><c>metadataPrefix</c>: when set, each <see cref="Metadata"/> key is read as <c>&lt;prefix&gt;.&lt;key&gt;</c>.</summary>
    public string? MetadataPrefix { get; init; }

    /// <summary><c>options</c>: Director global options, one map per entry; a null value is an option without argument.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string?>> Options { get; init; } = [];

    /// <summary><c>script-environment</c>: exported to <see cref="Script"/> through <c>/metadata/environment</c>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> ScriptEnvironment { get; init; } = [];

    /// <summary><c>start-environment</c>: the Director service's start environment.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> StartEnvironment { get; init; } = [];

    /// <summary><c>start-arguments</c>: the Director service's start arguments.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> StartArguments { get; init; } = [];

    /// <summary><c>build-environment</c>: the Director service's build environment.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> BuildEnvironment { get; init; } = [];

    /// <summary><c>build-arguments</c>: the Director service's build (Makejail) arguments.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> BuildArguments { get; init; } = [];

    /// <summary>
    /// <c>cloud-init</c>: the NoCloud seed image attached as <c>disk1</c>; null when the key is absent or an empty
    /// map, which is when upstream writes no seed image.
    /// </summary>
    public VmCloudInit? CloudInit { get; init; }

    /// <summary><c>overwrite</c>: recreate the jail on every apply instead of keeping it.</summary>
    public bool Overwrite { get; init; }

    /// <summary><c>poweroff</c>: force <c>vm poweroff</c> before stopping the jail on restart.</summary>
    public bool Poweroff { get; init; }

    /// <summary><c>datastore</c>: a host directory the node creates with <c>.img</c> and <c>.iso</c> subdirectories.</summary>
    public string? Datastore { get; init; }

    /// <summary>The <see cref="Metadata"/> keys as the node reads them, with <see cref="MetadataPrefix"/> applied.</summary>
    public IReadOnlyList<string> GetMetadataKeys() =>
        MetadataPrefix is null ? Metadata : [.. Metadata.Select(key => MetadataPrefix + "." + key)];
}

/// <summary>The disk emulations <c>diskLayout.driver</c> accepts (vm-bhyve's <c>disk0_type</c>).</summary>
public static class VmDiskDrivers
{
    /// <summary>VirtIO block device.</summary>
    public const string VirtioBlk = "virtio-blk";
    /// <summary>NVMe device.</summary>
    public const string Nvme = "nvme";
    /// <summary>AHCI hard disk (accepted by upstream's code although its manual lists only the other two).</summary>
    public const string AhciHd = "ahci-hd";

    /// <summary>All drivers in upstream's order.</summary>
    public static IReadOnlyList<string> All { get; } = [VirtioBlk, Nvme, AhciHd];
}

/// <summary><c>diskLayout</c>: the VM's first disk.</summary>
public sealed record VmDiskLayout
{
    /// <summary><c>driver</c>: one of <see cref="VmDiskDrivers"/>.</summary>
    public required string Driver { get; init; }

    /// <summary><c>size</c>: the disk size in vm-bhyve's notation, e.g. <c>20G</c>.</summary>
    public required string Size { get; init; }

    /// <summary><c>from</c>: where the operating system comes from.</summary>
    public required VmDiskSource From { get; init; }

    /// <summary><c>disk</c>: partitioning; always set when <see cref="VmDiskSource.FormatsDisk"/>, otherwise unused.</summary>
    public VmDisk? Disk { get; init; }

    /// <summary><c>fstab</c>: the VM's <c>/etc/fstab</c>; always set when <see cref="VmDiskSource.FormatsDisk"/>, otherwise unused.</summary>
    public IReadOnlyList<VmFstabEntry>? Fstab { get; init; }
}

/// <summary>The values of <c>diskLayout.from.type</c>.</summary>
public static class VmDiskSourceTypes
{
    /// <summary>FreeBSD distribution sets (base.txz, kernel.txz, ...).</summary>
    public const string Components = "components";
    /// <summary>An AppJail image.</summary>
    public const string AppjailImage = "appjailImage";
    /// <summary>PkgBase packages.</summary>
    public const string Pkgbase = "pkgbase";
    /// <summary>An installer ISO booted in the VM.</summary>
    public const string Iso = "iso";
    /// <summary>A ready-made disk image, e.g. a cloud image.</summary>
    public const string Img = "img";

    /// <summary>All types in upstream's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Components, AppjailImage, Pkgbase, Iso, Img];
}

/// <summary><c>diskLayout.from</c>: where the VM's operating system comes from. One subtype per <c>type</c>.</summary>
public abstract record VmDiskSource
{
    /// <summary><c>type</c>: one of <see cref="VmDiskSourceTypes"/>.</summary>
    public abstract string Type { get; }

    /// <summary>
    /// True when the node partitions, formats and fills the disk itself, so <c>diskLayout.disk</c> and
    /// <c>diskLayout.fstab</c> are needed and <c>script</c>, <c>metadata</c> and <c>script-environment</c> are used.
    /// </summary>
    public abstract bool FormatsDisk { get; }
}

/// <summary><c>type: components</c>: download FreeBSD distribution sets and extract them onto the root partition.</summary>
public sealed record VmComponentsSource : VmDiskSource
{
    /// <summary>Where components are downloaded from unless <c>downloadURL</c> says otherwise.</summary>
    public const string DefaultDownloadUrl = "https://download.freebsd.org/releases/{ARCH}/{VERSION}";

    /// <inheritdoc />
    public override string Type => VmDiskSourceTypes.Components;

    /// <inheritdoc />
    public override bool FormatsDisk => true;

    /// <summary><c>components</c>: the sets to install, e.g. <c>base.txz</c>, <c>kernel.txz</c>.</summary>
    public required IReadOnlyList<string> Components { get; init; }

    /// <summary><c>osVersion</c>: the FreeBSD release, e.g. <c>14.3-RELEASE</c>.</summary>
    public required string OsVersion { get; init; }

    /// <summary><c>osArch</c>: the architecture, e.g. <c>amd64</c>.</summary>
    public required string OsArch { get; init; }

    /// <summary><c>downloadURL</c>: base URL; <c>{ARCH}</c> and <c>{VERSION}</c> are replaced by <see cref="OsArch"/> and <see cref="OsVersion"/>.</summary>
    public string DownloadUrl { get; init; } = DefaultDownloadUrl;
}

/// <summary><c>type: appjailImage</c>: extract an AppJail image onto the root partition.</summary>
public sealed record VmAppjailImageSource : VmDiskSource
{
    /// <summary>The <see cref="Entrypoint"/> value meaning the image is already imported on the node.</summary>
    public const string NoEntrypoint = "none";

    /// <inheritdoc />
    public override string Type => VmDiskSourceTypes.AppjailImage;

    /// <inheritdoc />
    public override bool FormatsDisk => true;

    /// <summary><c>entrypoint</c>: where to fetch the image's ajspec from, or <see cref="NoEntrypoint"/>.</summary>
    public required string Entrypoint { get; init; }

    /// <summary><c>imageName</c>: the image's name.</summary>
    public required string ImageName { get; init; }

    /// <summary><c>imageArch</c>: the image architecture to use.</summary>
    public required string ImageArch { get; init; }

    /// <summary><c>imageTag</c>: the image tag to use.</summary>
    public required string ImageTag { get; init; }
}

/// <summary><c>type: pkgbase</c>: install PkgBase packages onto the root partition.</summary>
public sealed record VmPkgbaseSource : VmDiskSource
{
    /// <summary>The fingerprints directory the node uses unless <c>fingerprints</c> says otherwise.</summary>
    public const string DefaultFingerprints = "/usr/share/keys/pkg";

    /// <summary>The <see cref="Fingerprints"/> value meaning no fingerprints are copied.</summary>
    public const string NoFingerprints = "none";

    /// <inheritdoc />
    public override string Type => VmDiskSourceTypes.Pkgbase;

    /// <inheritdoc />
    public override bool FormatsDisk => true;

    /// <summary><c>osVersion</c>: the FreeBSD major version, used in the package ABI (<c>FreeBSD:&lt;v&gt;:&lt;arch&gt;</c>).</summary>
    public required string OsVersion { get; init; }

    /// <summary><c>osArch</c>: the architecture, e.g. <c>amd64</c>.</summary>
    public required string OsArch { get; init; }

    /// <summary><c>packages</c>: the packages to install.</summary>
    public required IReadOnlyList<string> Packages { get; init; }

    /// <summary>
    /// <c>pkgConf</c>: the directory holding the pkg repository configuration; null means the node's own default
    /// (<c>&lt;install prefix&gt;/share/overlord/files/pkgbase</c>), which only the node knows.
    /// </summary>
    public string? PkgConf { get; init; }

    /// <summary><c>fingerprints</c>: the directory copied to the VM's <c>/usr/share/keys</c>, or <see cref="NoFingerprints"/>.</summary>
    public string Fingerprints { get; init; } = DefaultFingerprints;
}

/// <summary><c>type: iso</c>: boot an installer ISO; the user installs the operating system (e.g. over VNC).</summary>
public sealed record VmIsoSource : VmDiskSource
{
    /// <inheritdoc />
    public override string Type => VmDiskSourceTypes.Iso;

    /// <inheritdoc />
    public override bool FormatsDisk => false;

    /// <summary><c>isoFile</c>: the ISO file name in the VM's datastore.</summary>
    public required string IsoFile { get; init; }

    /// <summary><c>installed</c>: set to true once the guest is installed, so the VM is started instead of reinstalled.</summary>
    public bool Installed { get; init; }
}

/// <summary><c>type: img</c>: create the VM from a disk image (<c>vm create -i</c>), such as a cloud image.</summary>
public sealed record VmImgSource : VmDiskSource
{
    /// <inheritdoc />
    public override string Type => VmDiskSourceTypes.Img;

    /// <inheritdoc />
    public override bool FormatsDisk => false;

    /// <summary><c>imgFile</c>: the image file; null creates the VM with an empty disk.</summary>
    public string? ImgFile { get; init; }
}

/// <summary><c>diskLayout.disk</c>: how the disk is partitioned.</summary>
public sealed record VmDisk
{
    /// <summary>The only partitioning scheme upstream supports.</summary>
    public const string Gpt = "gpt";

    /// <summary><c>scheme</c>: always <see cref="Gpt"/>.</summary>
    public required string Scheme { get; init; }

    /// <summary><c>partitions</c>: created in order, numbered from 1.</summary>
    public required IReadOnlyList<VmPartition> Partitions { get; init; }

    /// <summary><c>bootcode</c>: boot code to write, if any.</summary>
    public VmBootcode? Bootcode { get; init; }
}

/// <summary>One entry of <c>diskLayout.disk.partitions</c> (arguments of <c>gpart add</c>).</summary>
public sealed record VmPartition
{
    /// <summary><c>type</c>: the partition type, e.g. <c>freebsd-ufs</c>, <c>efi</c>, <c>freebsd-boot</c>.</summary>
    public required string Type { get; init; }

    /// <summary><c>alignment</c>: align start and size to this, e.g. <c>1M</c>.</summary>
    public string? Alignment { get; init; }

    /// <summary><c>start</c>: the first logical block.</summary>
    public string? Start { get; init; }

    /// <summary><c>size</c>: the partition size; absent takes the rest of the disk.</summary>
    public string? Size { get; init; }

    /// <summary><c>label</c>: the GPT label.</summary>
    public string? Label { get; init; }

    /// <summary><c>format</c>: how to format it; the first formatted partition is mounted and receives the system.</summary>
    public VmPartitionFormat? Format { get; init; }
}

/// <summary><c>format</c> of a partition: either <c>flags</c> for newfs or a <c>script</c>.</summary>
public abstract record VmPartitionFormat;

/// <summary><c>format: {flags: ...}</c>: format with <c>newfs &lt;flags&gt;</c>.</summary>
public sealed record VmNewfsFormat : VmPartitionFormat
{
    /// <summary><c>flags</c>: newfs flags, e.g. <c>-U</c>.</summary>
    public required string Flags { get; init; }
}

/// <summary><c>format: {script: ...}</c>: a host script formats and mounts the partition (phases format and mount).</summary>
public sealed record VmScriptFormat : VmPartitionFormat
{
    /// <summary><c>script</c>: the script's path on the node.</summary>
    public required string Script { get; init; }
}

/// <summary><c>diskLayout.disk.bootcode</c>: arguments of <c>gpart bootcode</c>.</summary>
public sealed record VmBootcode
{
    /// <summary><c>bootcode</c>: the protective MBR boot code, e.g. <c>/boot/pmbr</c>.</summary>
    public string? Bootcode { get; init; }

    /// <summary><c>partcode</c> and <c>index</c>, which are only given together.</summary>
    public VmPartcode? Partcode { get; init; }
}

/// <summary><c>partcode</c> + <c>index</c> of <c>diskLayout.disk.bootcode</c>.</summary>
public sealed record VmPartcode
{
    /// <summary><c>partcode</c>: the partition boot code, e.g. <c>/boot/gptboot</c>.</summary>
    public required string File { get; init; }

    /// <summary><c>index</c>: the partition to write it to (gpart's 1-based index).</summary>
    public required int Index { get; init; }
}

/// <summary>One entry of <c>diskLayout.fstab</c>; every field is required.</summary>
public sealed record VmFstabEntry
{
    /// <summary><c>device</c>, e.g. <c>/dev/gpt/rootfs</c>.</summary>
    public required string Device { get; init; }

    /// <summary><c>mountpoint</c>, e.g. <c>/</c>.</summary>
    public required string Mountpoint { get; init; }

    /// <summary><c>type</c>: the file system type, e.g. <c>ufs</c>.</summary>
    public required string Type { get; init; }

    /// <summary><c>options</c>, e.g. <c>rw</c>.</summary>
    public required string Options { get; init; }

    /// <summary><c>dump</c>: the dump frequency.</summary>
    public required int Dump { get; init; }

    /// <summary><c>pass</c>: the fsck pass number.</summary>
    public required int Pass { get; init; }
}

/// <summary>
/// <c>cloud-init</c>: the NoCloud seed. The data maps are kept as plain values (string, long, double, bool, null,
/// lists and string-keyed maps) because the node writes them back out as YAML documents.
/// </summary>
public sealed record VmCloudInit
{
    /// <summary>The makefs flags used unless <c>flags</c> is given (<c>-t cd9660</c> is always added before them).</summary>
    public const string DefaultFlags = "-o R,L=cidata";

    /// <summary><c>flags</c>: makefs flags for the seed image.</summary>
    public string Flags { get; init; } = DefaultFlags;

    /// <summary><c>meta-data</c>: the NoCloud meta-data document (should hold at least <c>instance-id</c>).</summary>
    public IReadOnlyDictionary<string, object?>? MetaData { get; init; }

    /// <summary><c>user-data</c>: the user-data document; the node prefixes it with <c>#cloud-config</c>.</summary>
    public IReadOnlyDictionary<string, object?>? UserData { get; init; }

    /// <summary><c>network-config</c>: the network-config document.</summary>
    public IReadOnlyDictionary<string, object?>? NetworkConfig { get; init; }
}
