# Packaging steps of `./build.ps1 package`, kept apart so that tests/pester/Package.Tests.ps1 can run them on an
# existing build output in a temp folder. Dot-source it; it defines functions only.

Set-StrictMode -Version 3.0

# Copies the staged module (out/module/Overlord) to <Destination>/Overlord with the LICENSE, the folder that
# Publish-PSResource takes, and checks its manifest. Returns the folder.
function New-OverlordModulePackage {
    param(
        [Parameter(Mandatory)] [string] $ModuleDirectory,
        [Parameter(Mandatory)] [string] $LicenseFile,
        [Parameter(Mandatory)] [string] $Destination
    )
    $manifest = Join-Path $ModuleDirectory 'Overlord.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "$ModuleDirectory holds no staged module (no Overlord.psd1): run './build.ps1 build' first."
    }
    $target = Join-Path $Destination 'Overlord'
    if (Test-Path -LiteralPath $target) {
        Remove-Item -LiteralPath $target -Recurse -Force
    }
    $null = New-Item -ItemType Directory -Path $target -Force
    Copy-Item -Path (Join-Path $ModuleDirectory '*') -Destination $target -Recurse
    Copy-Item -LiteralPath $LicenseFile -Destination (Join-Path $target 'LICENSE')
    $null = Test-OverlordModulePackage $target
    $target
}

# Fails when the packaged module's manifest has errors or lacks what a published module needs.
function Test-OverlordModulePackage([string] $Directory) {
    $manifest = Join-Path $Directory 'Overlord.psd1'
    # -ErrorAction Stop turns every manifest error (missing file, bad export, bad key) into a failure.
    $info = Test-ModuleManifest -Path $manifest -ErrorAction Stop
    $data = Import-PowerShellDataFile -LiteralPath $manifest
    $problems = [Collections.Generic.List[string]]::new()
    if ($data.ModuleVersion -notmatch '^\d+\.\d+\.\d+$') { $problems.Add("ModuleVersion '$($data.ModuleVersion)' is not stamped") }
    if (@($data.CmdletsToExport).Count -eq 0 -or $data.CmdletsToExport -contains '*') { $problems.Add('CmdletsToExport must list the cmdlets') }
    foreach ($key in 'Author', 'Description') {
        if ([string]::IsNullOrWhiteSpace($data[$key])) { $problems.Add("$key is empty") }
    }
    foreach ($file in @($data.RootModule) + @($data.FormatsToProcess) + @('LICENSE', 'Dependencies/Overlord.Core.dll', "en-US/$($data.RootModule)-Help.xml")) {
        if (-not (Test-Path -LiteralPath (Join-Path $Directory $file))) { $problems.Add("$file is missing") }
    }
    if ($problems.Count -gt 0) {
        throw "The packaged module in $Directory is not publishable: $($problems -join '; ')."
    }
    $info
}

# The archive's file name for a version.
function Get-OverlordNodeArchiveName([string] $Version) {
    "overlord-node-$Version-freebsd-x64.tar.gz"
}

# Lays out a FreeBSD tree (usr/local/...) around a framework-dependent publish of overlord-node, packs it as
# <Destination>/overlord-node-<version>-freebsd-x64.tar.gz owned by root:wheel, and writes SHA256SUMS beside it.
# Returns the archive path.
function New-OverlordNodeArchive {
    param(
        [Parameter(Mandatory)] [string] $PublishDirectory,
        [Parameter(Mandatory)] [string] $Version,
        # The repository root: build/freebsd holds the wrapper and rc.d script, examples/ the sample config.
        [Parameter(Mandatory)] [string] $RepoRoot,
        [Parameter(Mandatory)] [string] $Destination
    )
    if (-not (Test-Path -LiteralPath (Join-Path $PublishDirectory 'overlord-node.dll'))) {
        throw "$PublishDirectory holds no overlord-node.dll."
    }
    $null = New-Item -ItemType Directory -Path $Destination -Force
    $stage = Join-Path $Destination 'freebsd-root'
    if (Test-Path -LiteralPath $stage) {
        Remove-Item -LiteralPath $stage -Recurse -Force
    }
    $libexec = Join-Path $stage 'usr/local/libexec/overlord-node'
    $bin = Join-Path $stage 'usr/local/bin'
    $rcd = Join-Path $stage 'usr/local/etc/rc.d'
    foreach ($dir in $libexec, $bin, $rcd) {
        $null = New-Item -ItemType Directory -Path $dir -Force
    }
    Copy-Item -Path (Join-Path $PublishDirectory '*') -Destination $libexec -Recurse
    # runtimes/ holds only SQLite builds for other systems (33 MB); FreeBSD uses its own (see below).
    $runtimes = Join-Path $libexec 'runtimes'
    if (Test-Path -LiteralPath $runtimes) {
        Remove-Item -LiteralPath $runtimes -Recurse -Force
    }
    $freebsd = Join-Path $RepoRoot 'build/freebsd'
    Copy-Item -LiteralPath (Join-Path $freebsd 'overlord-node') -Destination $bin
    Copy-Item -LiteralPath (Join-Path $freebsd 'overlord_node') -Destination $rcd
    Copy-Item -LiteralPath (Join-Path $RepoRoot 'examples/overlord.yml') -Destination (Join-Path $stage 'usr/local/etc/overlord.yml.sample')

    # Modes go into the archive as they are on disk: 0755 for folders and scripts, 0644 for everything else.
    if (-not $IsWindows) {
        Get-ChildItem -LiteralPath $stage -Recurse -Directory | ForEach-Object { $_.UnixFileMode = [IO.UnixFileMode]0x1ED }
        Get-ChildItem -LiteralPath $stage -Recurse -File | ForEach-Object { $_.UnixFileMode = [IO.UnixFileMode]0x1A4 }
        foreach ($script in (Join-Path $bin 'overlord-node'), (Join-Path $rcd 'overlord_node')) {
            (Get-Item -LiteralPath $script).UnixFileMode = [IO.UnixFileMode]0x1ED
        }
    }

    # Microsoft.Data.Sqlite ships its SQLite build (e_sqlite3) for Linux, macOS and Windows only. On FreeBSD the job
    # store uses the system SQLite (databases/sqlite3) through this link: the same C API under the name it probes.
    if (-not $IsWindows) {
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $libexec 'libe_sqlite3.so') -Target '/usr/local/lib/libsqlite3.so'
    }

    $archive = Join-Path $Destination (Get-OverlordNodeArchiveName $Version)
    $tarVersion = (& tar --version 2>&1 | Select-Object -First 1) -join ''
    # GNU tar names the owner with --owner/--group, bsdtar (FreeBSD, macOS) with --uid/--gid/--uname/--gname.
    $owner = if ($tarVersion -match 'GNU tar') {
        @('--owner=root:0', '--group=wheel:0', '--sort=name')
    }
    else {
        @('--uid', '0', '--gid', '0', '--uname', 'root', '--gname', 'wheel')
    }
    $tarArgs = @('-czf', $archive) + $owner + @('-C', $stage, 'usr')
    & tar @tarArgs
    if ($LASTEXITCODE -ne 0) {
        throw "'tar $($tarArgs -join ' ')' exited with code $LASTEXITCODE."
    }
    Remove-Item -LiteralPath $stage -Recurse -Force

    # The "<hash>  <file>" lines that sha256sum -c reads.
    $hash = (Get-FileHash -LiteralPath $archive -Algorithm SHA256).Hash.ToLowerInvariant()
    $sums = Join-Path $Destination 'SHA256SUMS'
    Set-Content -LiteralPath $sums -Value "$hash  $(Split-Path -Leaf $archive)" -Encoding utf8NoBOM
    $archive
}
