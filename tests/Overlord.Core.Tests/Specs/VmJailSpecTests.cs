using Overlord.Core.Specs;
using Overlord.Core.Validation;

namespace Overlord.Core.Tests.Specs;

/// <summary>
/// <c>kind: vmJail</c>. Every YAML literal starts at line 1, and the helpers only append text after it, so the
/// line:column in each assertion is the position inside the literal shown in the test.
/// </summary>
public sealed class VmJailSpecTests
{
    // Appended after every spec: the keys all kinds share.
    private const string Footer = """
        kind: vmJail
        datacenters: {main: {entrypoint: 'http://127.0.0.1:8888', access_token: t}}
        deployIn: {labels: [all]}
        """;

    // Appended by LoadWithLayout: a valid template and the smallest valid diskLayout (iso needs no disk).
    private const string IsoLayout = """
        template:
          loader: uefi
        diskLayout:
          driver: nvme
          size: 20G
          from:
            type: iso
            isoFile: FreeBSD-14.3-RELEASE-amd64-disc1.iso
        """;

    // The root keys a spec needs besides diskLayout.
    private const string RootKeys = """
        vmName: vm1
        makejail: /usr/local/etc/overlord/vm.makejail
        template:
          loader: bhyveload
        """;

    // Continues a literal that ends inside 'diskLayout:' (two-space indent) and gives everything but 'from'.
    private const string LayoutWithoutFrom = """
          driver: virtio-blk
          size: 20G
          disk:
            scheme: gpt
            partitions:
              - type: freebsd-ufs
                format: {flags: -U}
          fstab:
            - {device: /dev/gpt/rootfs, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}
        """;

    // Continues a literal that ends inside 'diskLayout:' and gives driver, size and a components 'from'.
    private const string LayoutWithoutDisk = """
          driver: virtio-blk
          size: 20G
          from:
            type: components
            components: [base.txz]
            osVersion: 14.3-RELEASE
            osArch: amd64
        """;

    private static SpecLoadResult Load(string yaml) => SpecLoader.Parse(yaml + "\n" + Footer, "vm.yml");

    /// <summary>For root keys: the literal gives vmName/makejail/etc., then a valid template and diskLayout follow.</summary>
    private static SpecLoadResult LoadWithLayout(string yaml) => Load(yaml + "\n" + IsoLayout);

    /// <summary>For <c>diskLayout.from</c>: the literal starts with <c>diskLayout:</c> and gives <c>from</c>.</summary>
    private static SpecLoadResult LoadFrom(string yaml) => Load(yaml + "\n" + LayoutWithoutFrom + "\n" + RootKeys);

    /// <summary>For <c>diskLayout.disk</c>/<c>fstab</c>: the literal starts with <c>diskLayout:</c> and gives them.</summary>
    private static SpecLoadResult LoadDisk(string yaml) => Load(yaml + "\n" + LayoutWithoutDisk + "\n" + RootKeys);

    private static VmJailSpec AssertValid(SpecLoadResult result)
    {
        Assert.True(result.Errors.Count == 0, "unexpected errors:\n" + string.Join("\n", result.Errors));
        Assert.True(result.IsValid);
        Assert.Equal(SpecKinds.VmJail, result.Kind);
        return Assert.IsType<VmJailSpec>(result.Spec);
    }

    private static void AssertError(SpecLoadResult result, int line, int column, string keyPath, string fragment) =>
        AssertErrors(result, (line, column, keyPath, fragment));

    private static void AssertErrors(SpecLoadResult result, params (int Line, int Column, string KeyPath, string Fragment)[] expected)
    {
        var all = string.Join("\n", result.Errors);
        Assert.False(result.IsValid);
        Assert.Null(result.Spec);
        Assert.True(expected.Length == result.Errors.Count, $"expected {expected.Length} error(s), got:\n{all}");
        for (var i = 0; i < expected.Length; i++)
        {
            var (line, column, keyPath, fragment) = expected[i];
            SpecError e = result.Errors[i];
            Assert.True(
                e.File == "vm.yml" && e.Line == line && e.Column == column && e.KeyPath == keyPath && e.Message.Contains(fragment, StringComparison.Ordinal),
                $"error {i}: expected vm.yml:{line}:{column}: {keyPath}: ...{fragment}...\ngot:\n{all}");
        }
    }

    // ---------------------------------------------------------------- valid specs

    [Fact]
    public void Components_with_every_key_gives_the_typed_spec()
    {
        var spec = AssertValid(Load("""
            vmName: freebsd-14.vm_1
            makejail: /usr/local/etc/overlord/vm.makejail
            template:
              loader: bhyveload
              cpu: '2'
              memory: 2G
            diskLayout:
              driver: virtio-blk
              size: 20G
              from:
                type: components
                components:
                  - base.txz
                  - kernel.txz
                osVersion: 14.3-RELEASE
                osArch: amd64
              disk:
                scheme: gpt
                partitions:
                  - type: freebsd-boot
                    size: 512k
                    alignment: 1m
                  - type: freebsd-ufs
                    start: '2048'
                    label: rootfs
                    format:
                      flags: -Uj
                  - type: freebsd-zfs
                    format:
                      script: /usr/local/libexec/format-zfs.sh
                bootcode:
                  bootcode: /boot/pmbr
                  partcode: /boot/gptboot
                  index: 1
              fstab:
                - device: /dev/gpt/rootfs
                  mountpoint: /
                  type: ufs
                  options: rw
                  dump: 1
                  pass: 1
            script: |
              sysrc -f /mnt/etc/rc.conf sshd_enable=YES
            metadata:
              - authorized-keys
              - motd
            metadataPrefix: vms.web
            options:
              - virtualnet: ':<random> default'
              - nat:
            script-environment:
              - HOSTNAME: web1
            start-environment:
              - TZ: UTC
            start-arguments:
              - mode: fast
            build-environment:
              - PKG_REPO: latest
            build-arguments:
              - vm_version: '1.7'
              - switch: public
            cloud-init:
              flags: -o R,L=cidata,V=seed
              meta-data:
                instance-id: iid-web1
              user-data:
                users:
                  - name: admin
                    sudo: ALL=(ALL) NOPASSWD:ALL
              network-config:
                version: 2
                ethernets:
                  vtnet0: {dhcp4: true}
            overwrite: true
            poweroff: true
            datastore: /var/vm-data
            """));

        Assert.Equal(SpecKinds.VmJail, spec.Kind);
        Assert.Equal("vm.yml", spec.Path);
        Assert.Equal(["main"], spec.Datacenters.Keys);
        Assert.Equal(["all"], spec.DeployIn.Labels);
        Assert.Equal("freebsd-14.vm_1", spec.VmName);
        Assert.Equal("/usr/local/etc/overlord/vm.makejail", spec.Makejail);
        Assert.Null(spec.MakejailFromMetadata);
        Assert.Equal(new Dictionary<string, string> { ["loader"] = "bhyveload", ["cpu"] = "2", ["memory"] = "2G" }, spec.Template);

        var layout = spec.DiskLayout;
        Assert.Equal(VmDiskDrivers.VirtioBlk, layout.Driver);
        Assert.Equal("20G", layout.Size);
        var from = Assert.IsType<VmComponentsSource>(layout.From);
        Assert.Equal("components", from.Type);
        Assert.True(from.FormatsDisk);
        Assert.Equal(["base.txz", "kernel.txz"], from.Components);
        Assert.Equal("14.3-RELEASE", from.OsVersion);
        Assert.Equal("amd64", from.OsArch);
        Assert.Equal("https://download.freebsd.org/releases/{ARCH}/{VERSION}", from.DownloadUrl);

        var disk = Assert.IsType<VmDisk>(layout.Disk);
        Assert.Equal("gpt", disk.Scheme);
        Assert.Equal(3, disk.Partitions.Count);
        Assert.Equal(new VmPartition { Type = "freebsd-boot", Size = "512k", Alignment = "1m" }, disk.Partitions[0]);
        Assert.Equal(new VmPartition { Type = "freebsd-ufs", Start = "2048", Label = "rootfs", Format = new VmNewfsFormat { Flags = "-Uj" } }, disk.Partitions[1]);
        Assert.Equal(new VmPartition { Type = "freebsd-zfs", Format = new VmScriptFormat { Script = "/usr/local/libexec/format-zfs.sh" } }, disk.Partitions[2]);
        Assert.Equal(new VmBootcode { Bootcode = "/boot/pmbr", Partcode = new VmPartcode { File = "/boot/gptboot", Index = 1 } }, disk.Bootcode);
        var fstab = Assert.Single(layout.Fstab!);
        Assert.Equal(new VmFstabEntry { Device = "/dev/gpt/rootfs", Mountpoint = "/", Type = "ufs", Options = "rw", Dump = 1, Pass = 1 }, fstab);

        Assert.Equal("sysrc -f /mnt/etc/rc.conf sshd_enable=YES\n", spec.Script);
        Assert.Equal(["authorized-keys", "motd"], spec.Metadata);
        Assert.Equal("vms.web", spec.MetadataPrefix);
        Assert.Equal(["vms.web.authorized-keys", "vms.web.motd"], spec.GetMetadataKeys());
        Assert.Equal(2, spec.Options.Count);
        Assert.Equal(new Dictionary<string, string?> { ["virtualnet"] = ":<random> default" }, spec.Options[0]);
        Assert.Equal(new Dictionary<string, string?> { ["nat"] = null }, spec.Options[1]);
        Assert.Equal(new Dictionary<string, string> { ["HOSTNAME"] = "web1" }, Assert.Single(spec.ScriptEnvironment));
        Assert.Equal(new Dictionary<string, string> { ["TZ"] = "UTC" }, Assert.Single(spec.StartEnvironment));
        Assert.Equal(new Dictionary<string, string> { ["mode"] = "fast" }, Assert.Single(spec.StartArguments));
        Assert.Equal(new Dictionary<string, string> { ["PKG_REPO"] = "latest" }, Assert.Single(spec.BuildEnvironment));
        Assert.Equal(2, spec.BuildArguments.Count);
        Assert.Equal(new Dictionary<string, string> { ["vm_version"] = "1.7" }, spec.BuildArguments[0]);
        Assert.Equal(new Dictionary<string, string> { ["switch"] = "public" }, spec.BuildArguments[1]);

        var cloudInit = Assert.IsType<VmCloudInit>(spec.CloudInit);
        Assert.Equal("-o R,L=cidata,V=seed", cloudInit.Flags);
        Assert.Equal("iid-web1", cloudInit.MetaData!["instance-id"]);
        var user = Assert.IsType<Dictionary<string, object?>>(Assert.Single(Assert.IsType<List<object?>>(cloudInit.UserData!["users"])));
        Assert.Equal("admin", user["name"]);
        Assert.Equal("ALL=(ALL) NOPASSWD:ALL", user["sudo"]);
        Assert.Equal(2L, cloudInit.NetworkConfig!["version"]);
        var ethernets = Assert.IsType<Dictionary<string, object?>>(cloudInit.NetworkConfig["ethernets"]);
        Assert.Equal(true, Assert.IsType<Dictionary<string, object?>>(ethernets["vtnet0"])["dhcp4"]);

        Assert.True(spec.Overwrite);
        Assert.True(spec.Poweroff);
        Assert.Equal("/var/vm-data", spec.Datastore);
    }

    [Fact]
    public void Components_download_url_can_be_overridden()
    {
        var spec = AssertValid(LoadFrom("""
            diskLayout:
              from:
                type: components
                components: [base.txz, kernel.txz, lib32.txz]
                osVersion: 15.0-CURRENT
                osArch: arm64
                downloadURL: https://mirror.example.org/snapshots/{ARCH}/{VERSION}
            """));

        var from = Assert.IsType<VmComponentsSource>(spec.DiskLayout.From);
        Assert.Equal(["base.txz", "kernel.txz", "lib32.txz"], from.Components);
        Assert.Equal("15.0-CURRENT", from.OsVersion);
        Assert.Equal("arm64", from.OsArch);
        Assert.Equal("https://mirror.example.org/snapshots/{ARCH}/{VERSION}", from.DownloadUrl);
    }

    [Fact]
    public void Minimal_spec_gets_upstream_defaults()
    {
        var spec = AssertValid(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            """));

        Assert.Equal("vm1", spec.VmName);
        Assert.Equal(new Dictionary<string, string> { ["loader"] = "uefi" }, spec.Template);
        Assert.Null(spec.MakejailFromMetadata);
        Assert.Null(spec.Script);
        Assert.Empty(spec.Metadata);
        Assert.Null(spec.MetadataPrefix);
        Assert.Empty(spec.GetMetadataKeys());
        Assert.Empty(spec.Options);
        Assert.Empty(spec.ScriptEnvironment);
        Assert.Empty(spec.StartEnvironment);
        Assert.Empty(spec.StartArguments);
        Assert.Empty(spec.BuildEnvironment);
        Assert.Empty(spec.BuildArguments);
        Assert.Null(spec.CloudInit);
        Assert.False(spec.Overwrite);
        Assert.False(spec.Poweroff);
        Assert.Null(spec.Datastore);
        Assert.Equal(VmDiskDrivers.Nvme, spec.DiskLayout.Driver);
        Assert.Null(spec.DiskLayout.Disk);
        Assert.Null(spec.DiskLayout.Fstab);
        Assert.Equal(0, spec.MaximumDeployments);
    }

    [Fact]
    public void AppjailImage_source_is_read()
    {
        var spec = AssertValid(LoadFrom("""
            diskLayout:
              from:
                type: appjailImage
                entrypoint: none
                imageName: freebsd-vm
                imageArch: amd64
                imageTag: '14.3'
            """));

        var from = Assert.IsType<VmAppjailImageSource>(spec.DiskLayout.From);
        Assert.Equal("appjailImage", from.Type);
        Assert.True(from.FormatsDisk);
        Assert.Equal(VmAppjailImageSource.NoEntrypoint, from.Entrypoint);
        Assert.Equal("freebsd-vm", from.ImageName);
        Assert.Equal("amd64", from.ImageArch);
        Assert.Equal("14.3", from.ImageTag);
        Assert.NotNull(spec.DiskLayout.Disk);
        Assert.NotNull(spec.DiskLayout.Fstab);
    }

    [Fact]
    public void Pkgbase_source_gets_defaults()
    {
        var spec = AssertValid(LoadFrom("""
            diskLayout:
              from:
                type: pkgbase
                osVersion: '15'
                osArch: amd64
                packages: [FreeBSD-runtime, FreeBSD-kernel-generic]
            """));

        var from = Assert.IsType<VmPkgbaseSource>(spec.DiskLayout.From);
        Assert.Equal("pkgbase", from.Type);
        Assert.True(from.FormatsDisk);
        Assert.Equal("15", from.OsVersion);
        Assert.Equal("amd64", from.OsArch);
        Assert.Equal(["FreeBSD-runtime", "FreeBSD-kernel-generic"], from.Packages);
        Assert.Null(from.PkgConf);
        Assert.Equal("/usr/share/keys/pkg", from.Fingerprints);
    }

    [Fact]
    public void Pkgbase_source_takes_pkgConf_and_fingerprints()
    {
        var spec = AssertValid(LoadFrom("""
            diskLayout:
              from:
                type: pkgbase
                osVersion: '14'
                osArch: aarch64
                packages: [FreeBSD-runtime]
                pkgConf: /usr/local/etc/pkgbase
                fingerprints: none
            """));

        var from = Assert.IsType<VmPkgbaseSource>(spec.DiskLayout.From);
        Assert.Equal("/usr/local/etc/pkgbase", from.PkgConf);
        Assert.Equal(VmPkgbaseSource.NoFingerprints, from.Fingerprints);
    }

    [Fact]
    public void Iso_source_needs_no_disk_and_defaults_installed_to_false()
    {
        var spec = AssertValid(Load("""
            diskLayout:
              driver: ahci-hd
              size: 40G
              from:
                type: iso
                isoFile: debian-13.iso
            """ + "\n" + RootKeys));

        var from = Assert.IsType<VmIsoSource>(spec.DiskLayout.From);
        Assert.Equal("iso", from.Type);
        Assert.False(from.FormatsDisk);
        Assert.Equal("debian-13.iso", from.IsoFile);
        Assert.False(from.Installed);
        Assert.Equal(VmDiskDrivers.AhciHd, spec.DiskLayout.Driver);
        Assert.Equal("40G", spec.DiskLayout.Size);
        Assert.Null(spec.DiskLayout.Disk);
        Assert.Null(spec.DiskLayout.Fstab);
    }

    [Fact]
    public void Iso_source_reads_installed()
    {
        var spec = AssertValid(LoadFrom("""
            diskLayout:
              from:
                type: iso
                isoFile: debian-13.iso
                installed: true
            """));

        Assert.True(Assert.IsType<VmIsoSource>(spec.DiskLayout.From).Installed);
        // disk and fstab are allowed (and still validated) for types that do not use them.
        Assert.NotNull(spec.DiskLayout.Disk);
    }

    [Fact]
    public void Img_source_is_read_with_or_without_a_file()
    {
        var withFile = AssertValid(LoadFrom("""
            diskLayout:
              from:
                type: img
                imgFile: /vm/.img/debian-13-genericcloud-amd64.raw
            """));
        var withoutFile = AssertValid(LoadFrom("""
            diskLayout:
              from:
                type: img
            """));

        var from = Assert.IsType<VmImgSource>(withFile.DiskLayout.From);
        Assert.Equal("img", from.Type);
        Assert.False(from.FormatsDisk);
        Assert.Equal("/vm/.img/debian-13-genericcloud-amd64.raw", from.ImgFile);
        Assert.Null(Assert.IsType<VmImgSource>(withoutFile.DiskLayout.From).ImgFile);
    }

    [Fact]
    public void MakejailFromMetadata_replaces_makejail()
    {
        var spec = AssertValid(LoadWithLayout("""
            vmName: vm1
            makejailFromMetadata: makejails.vm-bhyve
            """));

        Assert.Null(spec.Makejail);
        Assert.Equal("makejails.vm-bhyve", spec.MakejailFromMetadata);
    }

    [Fact]
    public void Explicit_nulls_count_as_absent()
    {
        var spec = AssertValid(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            makejailFromMetadata: ~
            script: null
            metadata:
            options:
            cloud-init:
            overwrite:
            datastore:
            """));

        Assert.Null(spec.MakejailFromMetadata);
        Assert.Empty(spec.Metadata);
        Assert.Empty(spec.Options);
        Assert.Null(spec.CloudInit);
        Assert.False(spec.Overwrite);
        Assert.Null(spec.Datastore);
    }

    [Fact]
    public void Empty_lists_and_maps_are_accepted_where_upstream_accepts_them()
    {
        var spec = AssertValid(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            metadata: []
            options: [{}]
            script-environment: []
            start-environment: [{}]
            start-arguments: []
            build-environment: []
            build-arguments: []
            """));

        Assert.Empty(spec.Metadata);
        Assert.Empty(Assert.Single(spec.Options));
        Assert.Empty(Assert.Single(spec.StartEnvironment));
        Assert.Empty(spec.ScriptEnvironment);
    }

    [Fact]
    public void Empty_cloud_init_means_no_seed_image()
    {
        var spec = AssertValid(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            cloud-init: {}
            """));

        Assert.Null(spec.CloudInit);
    }

    [Fact]
    public void Cloud_init_with_only_flags_or_a_null_entry_still_gets_a_seed_image_with_default_flags()
    {
        var flagsOnly = AssertValid(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            cloud-init:
              flags: -o R,L=cidata -o V=SEED
            """));
        var nullEntry = AssertValid(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            cloud-init:
              user-data:
            """));

        Assert.Equal(new VmCloudInit { Flags = "-o R,L=cidata -o V=SEED" }, flagsOnly.CloudInit);
        Assert.Equal(new VmCloudInit(), nullEntry.CloudInit);
        Assert.Equal("-o R,L=cidata", nullEntry.CloudInit!.Flags);
    }

    [Fact]
    public void Cloud_init_documents_keep_scalar_types_and_stringify_keys_as_json_does()
    {
        var spec = AssertValid(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            cloud-init:
              meta-data:
                instance-id: iid-1
                1: one
                true: yes
                ~: nothing
              user-data:
                count: 3
                ratio: 0.5
                enabled: on
                missing: null
                created: 2024-01-02
                packages: [curl, 7]
            """));

        var meta = spec.CloudInit!.MetaData!;
        Assert.Equal(["instance-id", "1", "true", "null"], meta.Keys);
        Assert.Equal("one", meta["1"]);
        Assert.Equal(true, meta["true"]);
        Assert.Equal("nothing", meta["null"]);
        var user = spec.CloudInit.UserData!;
        Assert.Equal(3L, user["count"]);
        Assert.Equal(0.5, user["ratio"]);
        Assert.Equal(true, user["enabled"]);
        Assert.Null(user["missing"]);
        Assert.True(user.ContainsKey("missing"));
        Assert.Equal("2024-01-02", user["created"]);
        Assert.Equal(new List<object?> { "curl", 7L }, user["packages"]);
        Assert.Null(spec.CloudInit.NetworkConfig);
    }

    [Fact]
    public void Environment_variables_are_expanded_in_values()
    {
        var options = new SpecLoaderOptions { Environment = name => name == "VM_SIZE" ? "64G" : null };
        var result = SpecLoader.Parse("""
            vmName: vm1
            makejail: /m/vm.makejail
            template: {loader: uefi}
            diskLayout:
              driver: nvme
              size: !ENV '${VM_SIZE}'
              from: {type: img}
            kind: vmJail
            datacenters: {main: {entrypoint: 'http://127.0.0.1:8888', access_token: t}}
            deployIn: {labels: [all]}
            """, "vm.yml", options);

        Assert.Equal("64G", AssertValid(result).DiskLayout.Size);
    }

    [Fact]
    public void Example_file_is_a_valid_components_spec()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Overlord.sln")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        var options = new SpecLoaderOptions { Environment = name => name == "OVERLORD_TOKEN" ? "secret" : null };

        var spec = AssertValid(SpecLoader.LoadFile(Path.Combine(dir.FullName, "examples", "vm-freebsd.yml"), options));

        Assert.Equal("freebsd143", spec.VmName);
        Assert.Equal("secret", spec.Datacenters["main"].AccessToken);
        Assert.IsType<VmComponentsSource>(spec.DiskLayout.From);
        Assert.Equal(3, spec.DiskLayout.Disk!.Partitions.Count);
        Assert.Equal(2, spec.DiskLayout.Fstab!.Count);
        Assert.Equal(["vm-authorized-keys"], spec.Metadata);
    }

    // ---------------------------------------------------------------- root keys

    [Fact]
    public void VmName_is_required()
    {
        AssertError(LoadWithLayout("""
            makejail: /m/vm.makejail
            """), 1, 1, "vmName", "the required key 'vmName' is missing");
    }

    [Theory]
    [InlineData("-vm1")]
    [InlineData("v")]
    [InlineData("vm!")] // upstream's unanchored match would accept this: it starts with a valid name
    [InlineData("vm1.")]
    [InlineData("my vm")]
    public void VmName_must_be_a_whole_vm_name(string name)
    {
        AssertError(LoadWithLayout($"""
            makejail: /m/vm.makejail
            vmName: '{name}'
            """), 2, 9, "vmName", $"'{name}' is not valid: VM names are");
    }

    [Fact]
    public void VmName_longer_than_231_characters_is_rejected()
    {
        var name = new string('a', 232);
        AssertError(LoadWithLayout($"""
            makejail: /m/vm.makejail
            vmName: {name}
            """), 2, 9, "vmName", "is not valid: VM names are 2 to 231");
    }

    [Fact]
    public void VmName_must_be_a_string()
    {
        AssertError(LoadWithLayout("""
            makejail: /m/vm.makejail
            vmName: 1234
            """), 2, 9, "vmName", "expected a string, got an integer (1234); quote it");
    }

    [Fact]
    public void Makejail_or_makejailFromMetadata_is_required()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            """), 1, 1, "makejail", "give exactly one of 'makejail' or 'makejailFromMetadata'; neither is given");
    }

    [Fact]
    public void Makejail_and_makejailFromMetadata_together_are_reported_at_the_second()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            makejailFromMetadata: makejails.vm
            makejail: /m/vm.makejail
            """), 3, 1, "makejail", "give only one of 'makejail' or 'makejailFromMetadata', not both");
    }

    [Fact]
    public void Makejail_must_be_a_string()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            makejail: [a, b]
            """), 2, 11, "makejail", "expected a string, got a list");
    }

    [Fact]
    public void MakejailFromMetadata_must_be_a_metadata_key()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            makejailFromMetadata: ../etc/passwd
            """), 2, 23, "makejailFromMetadata", "'../etc/passwd' is not valid: metadata names");
    }

    [Fact]
    public void MakejailFromMetadata_must_be_a_string()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            makejailFromMetadata: true
            """), 2, 23, "makejailFromMetadata", "expected a string, got a boolean (true)");
    }

    [Fact]
    public void Template_is_required()
    {
        AssertError(Load("""
            vmName: vm1
            makejail: /m/vm.makejail
            diskLayout:
              driver: nvme
              size: 20G
              from: {type: img}
            """), 1, 1, "template", "the required key 'template' is missing");
    }

    [Fact]
    public void Template_must_be_a_map()
    {
        AssertError(Load("""
            vmName: vm1
            makejail: /m/vm.makejail
            template: loader=uefi
            diskLayout:
              driver: nvme
              size: 20G
              from: {type: img}
            """), 3, 11, "template", "expected a map of strings, got a string ('loader=uefi')");
    }

    [Fact]
    public void Template_values_must_be_strings()
    {
        AssertError(Load("""
            vmName: vm1
            makejail: /m/vm.makejail
            template:
              loader: uefi
              cpu: 2
            diskLayout:
              driver: nvme
              size: 20G
              from: {type: img}
            """), 5, 8, "template.cpu", "expected a string, got an integer (2); quote it if you mean the text: '2'");
    }

    [Fact]
    public void Template_keys_must_be_strings()
    {
        AssertError(Load("""
            vmName: vm1
            makejail: /m/vm.makejail
            template:
              loader: uefi
              0: x
            diskLayout:
              driver: nvme
              size: 20G
              from: {type: img}
            """), 5, 3, "template.0", "the key must be a string, got an integer (0)");
    }

    [Fact]
    public void Script_must_be_a_string()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            script: {run: x}
            """), 3, 9, "script", "expected a string, got a map");
    }

    [Fact]
    public void Datastore_must_be_a_string()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            datastore: false
            """), 3, 12, "datastore", "expected a string, got a boolean (false)");
    }

    [Fact]
    public void Overwrite_must_be_a_boolean()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            overwrite: 'yes'
            """), 3, 12, "overwrite", "expected a boolean (true or false), got a string ('yes')");
    }

    [Fact]
    public void Poweroff_must_be_a_boolean()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            poweroff: 1
            """), 3, 11, "poweroff", "expected a boolean (true or false), got an integer (1)");
    }

    [Fact]
    public void Metadata_must_be_a_list()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            metadata: motd
            """), 3, 11, "metadata", "expected a list, got a string ('motd')");
    }

    [Fact]
    public void Metadata_items_must_be_metadata_keys()
    {
        AssertErrors(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            metadata:
              - motd
              - 1st-key
              - 42
            """),
            (5, 5, "metadata[1]", "'1st-key' is not valid: metadata names"),
            (6, 5, "metadata[2]", "expected a string, got an integer (42)"));
    }

    [Fact]
    public void MetadataPrefix_must_be_a_metadata_key()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            metadata: [motd]
            metadataPrefix: vms.
            """), 4, 17, "metadataPrefix", "'vms.' is not valid: metadata names");
    }

    [Fact]
    public void MetadataPrefix_must_be_a_string()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            metadataPrefix: [vms]
            """), 3, 17, "metadataPrefix", "expected a string, got a list");
    }

    [Fact]
    public void Options_must_be_a_list_of_maps_of_strings_or_nulls()
    {
        AssertErrors(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            options:
              - virtualnet: ':<random> default'
              - nat
              - alias: 1
              - 2: x
            """),
            (5, 5, "options[1]", "expected a map of strings, got a string ('nat')"),
            (6, 12, "options[2].alias", "expected a string, got an integer (1)"),
            (7, 5, "options[3].2", "the key must be a string"));
    }

    [Fact]
    public void Options_must_be_a_list()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            options: {nat: ~}
            """), 3, 10, "options", "expected a list, got a map");
    }

    [Theory]
    [InlineData("script-environment")]
    [InlineData("start-environment")]
    [InlineData("start-arguments")]
    [InlineData("build-environment")]
    [InlineData("build-arguments")]
    public void Environment_lists_must_hold_maps_of_strings(string key)
    {
        AssertErrors(LoadWithLayout($"""
            vmName: vm1
            makejail: /m/vm.makejail
            {key}:
              - NAME: value
              - NAME=value
              - PORT: 8080
              - 1: x
            """),
            (5, 5, $"{key}[1]", "expected a map of strings, got a string ('NAME=value')"),
            (6, 11, $"{key}[2].PORT", "expected a string, got an integer (8080); quote it"),
            (7, 5, $"{key}[3].1", "the key must be a string"));
    }

    [Theory]
    [InlineData("script-environment")]
    [InlineData("start-environment")]
    [InlineData("start-arguments")]
    [InlineData("build-environment")]
    [InlineData("build-arguments")]
    public void Environment_lists_must_be_lists(string key)
    {
        AssertError(LoadWithLayout($"""
            vmName: vm1
            makejail: /m/vm.makejail
            {key}: {"{"}NAME: value{"}"}
            """), 3, key.Length + 3, key, "expected a list, got a map");
    }

    [Fact]
    public void Cloud_init_must_be_a_map()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            cloud-init: [meta-data]
            """), 3, 13, "cloud-init", "expected a map, got a list");
    }

    [Fact]
    public void Cloud_init_keys_are_checked()
    {
        AssertErrors(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            cloud-init:
              flags: 7
              meta-data: instance-id=1
              user-data: [a]
              network-config: true
              vendor-data: {}
            """),
            (4, 10, "cloud-init.flags", "expected a string, got an integer (7)"),
            (5, 14, "cloud-init.meta-data", "expected a map, got a string ('instance-id=1')"),
            (6, 14, "cloud-init.user-data", "expected a map, got a list"),
            (7, 19, "cloud-init.network-config", "expected a map, got a boolean (true)"),
            (8, 3, "cloud-init.vendor-data", "unknown key 'vendor-data'"));
    }

    [Fact]
    public void Cloud_init_integers_must_fit_in_64_bits()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            cloud-init:
              user-data:
                write_files:
                  - size: 99999999999999999999
            """), 6, 15, "cloud-init.user-data.write_files[0].size", "99999999999999999999 is too large for a 64-bit integer");
    }

    [Fact]
    public void Unknown_root_keys_are_rejected()
    {
        AssertError(LoadWithLayout("""
            vmName: vm1
            makejail: /m/vm.makejail
            powerof: true
            """), 3, 1, "powerof", "unknown key 'powerof'; did you mean 'poweroff'?");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        AssertErrors(LoadWithLayout("""
            vmName: x
            overwrite: 0
            metadata: [a b]
            """),
            (1, 1, "makejail", "neither is given"),
            (1, 9, "vmName", "is not valid"),
            (2, 12, "overwrite", "expected a boolean"),
            (3, 12, "metadata[0]", "'a b' is not valid"));
    }

    // ---------------------------------------------------------------- diskLayout

    [Fact]
    public void DiskLayout_is_required()
    {
        AssertError(Load(RootKeys), 1, 1, "diskLayout", "the required key 'diskLayout' is missing");
    }

    [Fact]
    public void DiskLayout_must_be_a_map()
    {
        AssertError(Load("diskLayout: [nvme]\n" + RootKeys), 1, 13, "diskLayout", "expected a map, got a list");
    }

    [Fact]
    public void DiskLayout_requires_driver_size_and_from()
    {
        AssertErrors(Load("""
            diskLayout:
              fstab: ~
            """ + "\n" + RootKeys),
            (2, 3, "diskLayout.driver", "the required key 'driver' is missing"),
            (2, 3, "diskLayout.from", "the required key 'from' is missing"),
            (2, 3, "diskLayout.size", "the required key 'size' is missing"));
    }

    [Fact]
    public void DiskLayout_driver_must_be_a_known_emulation()
    {
        AssertError(Load("""
            diskLayout:
              driver: sata
              size: 20G
              from: {type: img}
            """ + "\n" + RootKeys), 2, 11, "diskLayout.driver", "'sata' is not one of: virtio-blk, nvme, ahci-hd");
    }

    [Fact]
    public void DiskLayout_size_must_be_a_string()
    {
        // Upstream checks 'driver' twice and never looks at 'size'; an unquoted number here is an error for us.
        AssertError(Load("""
            diskLayout:
              driver: nvme
              size: 20
              from: {type: img}
            """ + "\n" + RootKeys), 3, 9, "diskLayout.size", "expected a string, got an integer (20); quote it if you mean the text: '20'");
    }

    [Fact]
    public void DiskLayout_rejects_unknown_keys()
    {
        AssertError(Load("""
            diskLayout:
              driver: nvme
              size: 20G
              sizee: 30G
              from: {type: img}
            """ + "\n" + RootKeys), 4, 3, "diskLayout.sizee", "unknown key 'sizee'; did you mean 'size'?");
    }

    // ---------------------------------------------------------------- diskLayout.from

    [Fact]
    public void From_must_be_a_map_with_a_type()
    {
        AssertError(LoadFrom("""
            diskLayout:
              from: components
            """), 2, 9, "diskLayout.from", "expected a map, got a string ('components')");
        AssertError(LoadFrom("""
            diskLayout:
              from:
                osArch: amd64
            """), 3, 5, "diskLayout.from.type", "the required key 'type' is missing");
    }

    [Fact]
    public void From_type_must_be_known_and_other_keys_are_then_not_judged()
    {
        AssertError(LoadFrom("""
            diskLayout:
              from:
                type: zfs
                dataset: zroot/vm
            """), 3, 11, "diskLayout.from.type", "'zfs' is not one of: components, appjailImage, pkgbase, iso, img");
    }

    [Fact]
    public void From_rejects_keys_of_other_types()
    {
        // Upstream looks its per-type whitelist up one level too deep, so it never rejects these.
        AssertErrors(LoadFrom("""
            diskLayout:
              from:
                type: components
                components: [base.txz]
                osVersion: 14.3-RELEASE
                osArch: amd64
                isoFile: x.iso
                packages: [FreeBSD-runtime]
            """),
            (7, 5, "diskLayout.from.isoFile", "unknown key 'isoFile'"),
            (8, 5, "diskLayout.from.packages", "unknown key 'packages'"));
    }

    [Fact]
    public void From_img_rejects_installed()
    {
        AssertError(LoadFrom("""
            diskLayout:
              from:
                type: img
                installed: true
            """), 4, 5, "diskLayout.from.installed", "unknown key 'installed'");
    }

    [Fact]
    public void From_components_requires_its_keys()
    {
        AssertErrors(LoadFrom("""
            diskLayout:
              from:
                type: components
            """),
            (3, 5, "diskLayout.from.components", "the required key 'components' is missing"),
            (3, 5, "diskLayout.from.osArch", "the required key 'osArch' is missing"),
            (3, 5, "diskLayout.from.osVersion", "the required key 'osVersion' is missing"));
    }

    [Fact]
    public void From_components_checks_types()
    {
        AssertErrors(LoadFrom("""
            diskLayout:
              from:
                type: components
                components: [base.txz, 1]
                osVersion: 14.3
                osArch: [amd64]
                downloadURL: true
            """),
            (4, 28, "diskLayout.from.components[1]", "expected a string, got an integer (1)"),
            (5, 16, "diskLayout.from.osVersion", "expected a string, got a number (14.3); quote it if you mean the text: '14.3'"),
            (6, 13, "diskLayout.from.osArch", "expected a string, got a list"),
            (7, 18, "diskLayout.from.downloadURL", "expected a string, got a boolean (true)"));
    }

    [Fact]
    public void From_components_must_not_be_empty_or_a_string()
    {
        AssertError(LoadFrom("""
            diskLayout:
              from:
                type: components
                components: []
                osVersion: 14.3-RELEASE
                osArch: amd64
            """), 4, 17, "diskLayout.from.components", "must list at least one item");
        AssertError(LoadFrom("""
            diskLayout:
              from:
                type: components
                components: base.txz
                osVersion: 14.3-RELEASE
                osArch: amd64
            """), 4, 17, "diskLayout.from.components", "expected a list, got a string ('base.txz')");
    }

    [Fact]
    public void From_appjailImage_requires_its_keys()
    {
        AssertErrors(LoadFrom("""
            diskLayout:
              from:
                type: appjailImage
            """),
            (3, 5, "diskLayout.from.entrypoint", "the required key 'entrypoint' is missing"),
            (3, 5, "diskLayout.from.imageArch", "the required key 'imageArch' is missing"),
            (3, 5, "diskLayout.from.imageName", "the required key 'imageName' is missing"),
            (3, 5, "diskLayout.from.imageTag", "the required key 'imageTag' is missing"));
    }

    [Fact]
    public void From_appjailImage_checks_types()
    {
        AssertErrors(LoadFrom("""
            diskLayout:
              from:
                type: appjailImage
                entrypoint: false
                imageName: [vm]
                imageArch: 64
                imageTag: 14.3
            """),
            (4, 17, "diskLayout.from.entrypoint", "expected a string, got a boolean (false)"),
            (5, 16, "diskLayout.from.imageName", "expected a string, got a list"),
            (6, 16, "diskLayout.from.imageArch", "expected a string, got an integer (64)"),
            (7, 15, "diskLayout.from.imageTag", "expected a string, got a number (14.3)"));
    }

    [Fact]
    public void From_pkgbase_requires_its_keys()
    {
        AssertErrors(LoadFrom("""
            diskLayout:
              from:
                type: pkgbase
            """),
            (3, 5, "diskLayout.from.osArch", "the required key 'osArch' is missing"),
            (3, 5, "diskLayout.from.osVersion", "the required key 'osVersion' is missing"),
            (3, 5, "diskLayout.from.packages", "the required key 'packages' is missing"));
    }

    [Fact]
    public void From_pkgbase_checks_types()
    {
        AssertErrors(LoadFrom("""
            diskLayout:
              from:
                type: pkgbase
                osVersion: 15
                osArch: amd64
                packages: [FreeBSD-runtime, {name: x}]
                pkgConf: 0
                fingerprints: false
            """),
            (4, 16, "diskLayout.from.osVersion", "expected a string, got an integer (15); quote it"),
            (6, 33, "diskLayout.from.packages[1]", "expected a string, got a map"),
            (7, 14, "diskLayout.from.pkgConf", "expected a string, got an integer (0)"),
            (8, 19, "diskLayout.from.fingerprints", "expected a string, got a boolean (false)"));
    }

    [Fact]
    public void From_pkgbase_packages_must_not_be_empty()
    {
        AssertError(LoadFrom("""
            diskLayout:
              from:
                type: pkgbase
                osVersion: '15'
                osArch: amd64
                packages: []
            """), 6, 15, "diskLayout.from.packages", "must list at least one item");
    }

    [Fact]
    public void From_iso_requires_isoFile_and_checks_types()
    {
        AssertError(LoadFrom("""
            diskLayout:
              from:
                type: iso
                installed: false
            """), 3, 5, "diskLayout.from.isoFile", "the required key 'isoFile' is missing");
        AssertErrors(LoadFrom("""
            diskLayout:
              from:
                type: iso
                isoFile: 13
                installed: 'true'
            """),
            (4, 14, "diskLayout.from.isoFile", "expected a string, got an integer (13)"),
            (5, 16, "diskLayout.from.installed", "expected a boolean (true or false), got a string ('true')"));
    }

    [Fact]
    public void From_img_checks_imgFile()
    {
        AssertError(LoadFrom("""
            diskLayout:
              from:
                type: img
                imgFile: [a.img]
            """), 4, 14, "diskLayout.from.imgFile", "expected a string, got a list");
    }

    // ---------------------------------------------------------------- diskLayout.disk / fstab

    [Theory]
    [InlineData("components", "components: [base.txz]\n    osVersion: 14.3-RELEASE\n    osArch: amd64")]
    [InlineData("appjailImage", "entrypoint: none\n    imageName: vm\n    imageArch: amd64\n    imageTag: '14.3'")]
    [InlineData("pkgbase", "osVersion: '15'\n    osArch: amd64\n    packages: [FreeBSD-runtime]")]
    public void Disk_and_fstab_are_required_when_the_node_installs_the_system(string type, string keys)
    {
        AssertErrors(Load($"""
            diskLayout:
              driver: nvme
              size: 20G
              from:
                type: {type}
                {keys}
            """ + "\n" + RootKeys),
            (2, 3, "diskLayout.disk", $"the key 'disk' is required when from.type is '{type}'"),
            (2, 3, "diskLayout.fstab", $"the key 'fstab' is required when from.type is '{type}'"));
    }

    [Fact]
    public void Missing_disk_is_reported_together_with_errors_inside_from()
    {
        AssertErrors(Load("""
            diskLayout:
              driver: nvme
              size: 20G
              from:
                type: components
                components: [base.txz]
                osVersion: 14.3-RELEASE
              fstab: [{device: /dev/nda0p1, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}]
            """ + "\n" + RootKeys),
            (2, 3, "diskLayout.disk", "the key 'disk' is required when from.type is 'components'"),
            (5, 5, "diskLayout.from.osArch", "the required key 'osArch' is missing"));
    }

    [Fact]
    public void Disk_must_be_a_map()
    {
        AssertError(LoadDisk("""
            diskLayout:
              disk: gpt
              fstab: [{device: /dev/vtbd0p1, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}]
            """), 2, 9, "diskLayout.disk", "expected a map, got a string ('gpt')");
    }

    [Fact]
    public void Disk_requires_scheme_and_partitions_and_rejects_unknown_keys()
    {
        AssertErrors(LoadDisk("""
            diskLayout:
              disk:
                partition: [{type: freebsd-ufs}]
              fstab: [{device: /dev/vtbd0p1, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}]
            """),
            (3, 5, "diskLayout.disk.partition", "unknown key 'partition'; did you mean 'partitions'?"),
            (3, 5, "diskLayout.disk.partitions", "the required key 'partitions' is missing"),
            (3, 5, "diskLayout.disk.scheme", "the required key 'scheme' is missing"));
    }

    [Fact]
    public void Disk_scheme_must_be_gpt()
    {
        AssertError(LoadDisk("""
            diskLayout:
              disk:
                scheme: mbr
                partitions: [{type: freebsd}]
              fstab: [{device: /dev/vtbd0s1, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}]
            """), 3, 13, "diskLayout.disk.scheme", "'mbr' is not one of: gpt");
    }

    [Fact]
    public void Disk_partitions_must_be_a_non_empty_list_of_maps()
    {
        AssertError(LoadDisk("""
            diskLayout:
              disk:
                scheme: gpt
                partitions: []
              fstab: [{device: /dev/vtbd0p1, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}]
            """), 4, 17, "diskLayout.disk.partitions", "must list at least one item");
        AssertError(LoadDisk("""
            diskLayout:
              disk:
                scheme: gpt
                partitions:
                  - freebsd-ufs
              fstab: [{device: /dev/vtbd0p1, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}]
            """), 5, 9, "diskLayout.disk.partitions[0]", "expected a map, got a string ('freebsd-ufs')");
    }

    [Fact]
    public void Partition_requires_type_and_checks_string_keys()
    {
        AssertErrors(LoadDisk("""
            diskLayout:
              disk:
                scheme: gpt
                partitions:
                  - size: 512k
                  - type: freebsd-ufs
                    alignment: 1
                    start: 40
                    size: 10
                    label: [root]
                    flags: -U
              fstab: [{device: /dev/vtbd0p2, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}]
            """),
            (5, 9, "diskLayout.disk.partitions[0].type", "the required key 'type' is missing"),
            (7, 20, "diskLayout.disk.partitions[1].alignment", "expected a string, got an integer (1)"),
            (8, 16, "diskLayout.disk.partitions[1].start", "expected a string, got an integer (40)"),
            (9, 15, "diskLayout.disk.partitions[1].size", "expected a string, got an integer (10)"),
            (10, 16, "diskLayout.disk.partitions[1].label", "expected a string, got a list"),
            (11, 9, "diskLayout.disk.partitions[1].flags", "unknown key 'flags'"));
    }

    [Fact]
    public void Partition_format_needs_exactly_one_of_flags_or_script()
    {
        AssertErrors(LoadDisk("""
            diskLayout:
              disk:
                scheme: gpt
                partitions:
                  - type: freebsd-ufs
                    format: {}
                  - type: freebsd-ufs
                    format:
                      script: /usr/local/libexec/fmt.sh
                      flags: -U
              fstab: [{device: /dev/vtbd0p1, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}]
            """),
            (6, 17, "diskLayout.disk.partitions[0].format.flags", "give exactly one of 'flags' or 'script'; neither is given"),
            (10, 11, "diskLayout.disk.partitions[1].format.flags", "give only one of 'flags' or 'script', not both"));
    }

    [Fact]
    public void Partition_format_checks_types_and_keys()
    {
        AssertErrors(LoadDisk("""
            diskLayout:
              disk:
                scheme: gpt
                partitions:
                  - type: freebsd-ufs
                    format: newfs
                  - type: freebsd-ufs
                    format: {flags: 1}
                  - type: freebsd-ufs
                    format: {script: [a], mount: false}
              fstab: [{device: /dev/vtbd0p1, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}]
            """),
            (6, 17, "diskLayout.disk.partitions[0].format", "expected a map, got a string ('newfs')"),
            (8, 25, "diskLayout.disk.partitions[1].format.flags", "expected a string, got an integer (1)"),
            (10, 26, "diskLayout.disk.partitions[2].format.script", "expected a string, got a list"),
            (10, 31, "diskLayout.disk.partitions[2].format.mount", "unknown key 'mount'"));
    }

    [Fact]
    public void Bootcode_partcode_and_index_go_together()
    {
        AssertError(LoadDisk("""
            diskLayout:
              disk:
                scheme: gpt
                partitions: [{type: freebsd-boot, size: 512k}, {type: freebsd-ufs}]
                bootcode:
                  bootcode: /boot/pmbr
                  partcode: /boot/gptboot
              fstab: [{device: /dev/vtbd0p2, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}]
            """), 6, 7, "diskLayout.disk.bootcode.index", "the key 'index' is required when 'partcode' is given");
        AssertError(LoadDisk("""
            diskLayout:
              disk:
                scheme: gpt
                partitions: [{type: freebsd-boot, size: 512k}, {type: freebsd-ufs}]
                bootcode:
                  index: 1
              fstab: [{device: /dev/vtbd0p2, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}]
            """), 6, 7, "diskLayout.disk.bootcode.partcode", "the key 'partcode' is required when 'index' is given");
    }

    [Fact]
    public void Bootcode_alone_is_enough()
    {
        var spec = AssertValid(LoadDisk("""
            diskLayout:
              disk:
                scheme: gpt
                partitions: [{type: efi, size: 200m}, {type: freebsd-ufs, format: {flags: -U}}]
                bootcode: {bootcode: /boot/pmbr}
              fstab: [{device: /dev/vtbd0p2, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}]
            """));

        Assert.Equal(new VmBootcode { Bootcode = "/boot/pmbr" }, spec.DiskLayout.Disk!.Bootcode);
    }

    [Fact]
    public void Bootcode_checks_types_range_and_keys()
    {
        AssertErrors(LoadDisk("""
            diskLayout:
              disk:
                scheme: gpt
                partitions: [{type: freebsd-ufs}]
                bootcode:
                  bootcode: 0
                  partcode: [/boot/gptboot]
                  index: -1
                  force: true
              fstab: [{device: /dev/vtbd0p1, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}]
            """),
            (6, 17, "diskLayout.disk.bootcode.bootcode", "expected a string, got an integer (0)"),
            (7, 17, "diskLayout.disk.bootcode.partcode", "expected a string, got a list"),
            (8, 14, "diskLayout.disk.bootcode.index", "must be between 0 and 2147483647, got -1"),
            (9, 7, "diskLayout.disk.bootcode.force", "unknown key 'force'"));
        AssertError(LoadDisk("""
            diskLayout:
              disk:
                scheme: gpt
                partitions: [{type: freebsd-ufs}]
                bootcode: {partcode: /boot/gptboot, index: '1'}
              fstab: [{device: /dev/vtbd0p1, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}]
            """), 5, 48, "diskLayout.disk.bootcode.index", "expected an integer, got a string ('1')");
        AssertError(LoadDisk("""
            diskLayout:
              disk:
                scheme: gpt
                partitions: [{type: freebsd-ufs}]
                bootcode: /boot/pmbr
              fstab: [{device: /dev/vtbd0p1, mountpoint: /, type: ufs, options: rw, dump: 1, pass: 1}]
            """), 5, 15, "diskLayout.disk.bootcode", "expected a map, got a string ('/boot/pmbr')");
    }

    [Fact]
    public void Fstab_must_be_a_non_empty_list_of_maps()
    {
        AssertError(LoadDisk("""
            diskLayout:
              disk: {scheme: gpt, partitions: [{type: freebsd-ufs}]}
              fstab: []
            """), 3, 10, "diskLayout.fstab", "must not be an empty list");
        AssertError(LoadDisk("""
            diskLayout:
              disk: {scheme: gpt, partitions: [{type: freebsd-ufs}]}
              fstab: /dev/vtbd0p1 / ufs rw 1 1
            """), 3, 10, "diskLayout.fstab", "expected a list, got a string");
        AssertError(LoadDisk("""
            diskLayout:
              disk: {scheme: gpt, partitions: [{type: freebsd-ufs}]}
              fstab:
                - /dev/vtbd0p1 / ufs rw 1 1
            """), 4, 7, "diskLayout.fstab[0]", "expected a map, got a string");
    }

    [Fact]
    public void Fstab_entry_requires_every_field()
    {
        AssertErrors(LoadDisk("""
            diskLayout:
              disk: {scheme: gpt, partitions: [{type: freebsd-ufs}]}
              fstab:
                - fs: /dev/vtbd0p1
            """),
            (4, 7, "diskLayout.fstab[0].device", "the required key 'device' is missing"),
            (4, 7, "diskLayout.fstab[0].dump", "the required key 'dump' is missing"),
            (4, 7, "diskLayout.fstab[0].fs", "unknown key 'fs'"),
            (4, 7, "diskLayout.fstab[0].mountpoint", "the required key 'mountpoint' is missing"),
            (4, 7, "diskLayout.fstab[0].options", "the required key 'options' is missing"),
            (4, 7, "diskLayout.fstab[0].pass", "the required key 'pass' is missing"),
            (4, 7, "diskLayout.fstab[0].type", "the required key 'type' is missing"));
    }

    [Fact]
    public void Fstab_entry_checks_types_and_ranges()
    {
        AssertErrors(LoadDisk("""
            diskLayout:
              disk: {scheme: gpt, partitions: [{type: freebsd-ufs}]}
              fstab:
                - device: 0
                  mountpoint: [/]
                  type: true
                  options: 1.5
                  dump: -1
                  pass: '1'
            """),
            (4, 15, "diskLayout.fstab[0].device", "expected a string, got an integer (0)"),
            (5, 19, "diskLayout.fstab[0].mountpoint", "expected a string, got a list"),
            (6, 13, "diskLayout.fstab[0].type", "expected a string, got a boolean (true)"),
            (7, 16, "diskLayout.fstab[0].options", "expected a string, got a number (1.5)"),
            (8, 13, "diskLayout.fstab[0].dump", "must be between 0 and 2147483647, got -1"),
            (9, 13, "diskLayout.fstab[0].pass", "expected an integer, got a string ('1')"));
    }
}
