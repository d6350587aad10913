# `./build.ps1 package`: the packaging steps of build/Package.ps1 run here on the existing build output in $TestDrive
# (no publish: a stand-in publish folder), so the test checks the real layout in seconds.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'OverlordTestUtils.psm1') -Force
    $RepoRoot = Get-OverlordRepoRoot
    . (Join-Path $RepoRoot 'build/Package.ps1')
    $Version = Get-MSBuildProperty 'Directory.Build.props' 'ModuleVersion'
    $RcScript = Join-Path $RepoRoot 'build/freebsd/overlord_node'
    $Wrapper = Join-Path $RepoRoot 'build/freebsd/overlord-node'

    # The archive's entries as "mode owner/group path" lines (GNU tar: -v shows user/group names).
    function Get-ArchiveListing([string] $Archive) {
        $lines = & tar -tvzf $Archive
        $LASTEXITCODE | Should -Be 0
        foreach ($line in $lines) {
            # A symbolic link lists as "... path -> target".
            $entry, $link = $line -split ' -> ', 2
            $fields = $entry -split '\s+'
            [pscustomobject]@{ Mode = $fields[0]; Owner = $fields[1]; Path = $fields[-1]; Link = $link }
        }
    }

    $ExpectedPaths = @(
        'usr/local/bin/overlord-node'
        'usr/local/etc/rc.d/overlord_node'
        'usr/local/etc/overlord.yml.sample'
        'usr/local/libexec/overlord-node/overlord-node.dll'
        'usr/local/libexec/overlord-node/overlord-node.runtimeconfig.json'
        'usr/local/libexec/overlord-node/overlord-node.deps.json'
    )
}

Describe 'package' {
    Context 'FreeBSD scripts' {
        It '<_> passes sh -n' -ForEach @('overlord_node', 'overlord-node') {
            $output = & sh -n (Join-Path $RepoRoot "build/freebsd/$_") 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        }

        It 'the rc.d script follows rc.subr' {
            $text = Get-Content -LiteralPath $RcScript -Raw
            $text | Should -Match '(?m)^# PROVIDE: overlord_node$'
            $text | Should -Match '(?m)^# REQUIRE: '
            $text | Should -Match '(?m)^\. /etc/rc\.subr$'
            $text | Should -Match '(?m)^name=overlord_node$'
            $text | Should -Match '(?m)^rcvar=overlord_node_enable$'
            $text | Should -Match '(?m)^load_rc_config \$name$'
            $text | Should -Match '(?m)^: \$\{overlord_node_enable:="NO"\}$'
            $text | Should -Match '(?m)^: \$\{overlord_node_config:="/usr/local/etc/overlord\.yml"\}$'
            $text | Should -Match '(?m)^: \$\{overlord_node_user:="root"\}$'
            $text | Should -Match '(?m)^command="/usr/sbin/daemon"$'
            $text | Should -Match 'command_args="-P \$\{pidfile\} -r -o \$\{overlord_node_logfile\} '
            $text | Should -Match '/usr/local/bin/overlord-node serve --config \$\{overlord_node_config\}'
            $text | Should -Match '(?m)^extra_commands="configtest"$'
            $text | Should -Match '(?m)^start_precmd="\$\{name\}_configtest"$'
            $text | Should -Match 'overlord-node check-config --config "\$\{overlord_node_config\}"'
            $text | Should -Match '(?m)^run_rc_command "\$1"$'
        }

        It 'the wrapper execs dotnet on the installed dll' {
            Get-Content -LiteralPath $Wrapper -Raw |
                Should -Match '(?m)^exec dotnet /usr/local/libexec/overlord-node/overlord-node\.dll "\$@"$'
        }
    }

    Context 'module folder' {
        BeforeAll {
            $Packaged = New-OverlordModulePackage -ModuleDirectory (Get-BuiltModuleDirectory) `
                -LicenseFile (Join-Path $RepoRoot 'LICENSE') -Destination (Join-Path $TestDrive 'package')
        }

        It 'passes Test-ModuleManifest with the stamped version' {
            $info = Test-ModuleManifest -Path (Join-Path $Packaged 'Overlord.psd1') -ErrorAction Stop
            $info.Version.ToString() | Should -Be $Version
            $info.ExportedCmdlets.Keys | Should -Contain 'Get-OverlordSpec'
        }

        It 'holds the LICENSE, the format file and Dependencies' {
            Join-Path $Packaged 'LICENSE' | Should -Exist
            Join-Path $Packaged 'Overlord.format.ps1xml' | Should -Exist
            Join-Path $Packaged 'Dependencies/Overlord.Core.dll' | Should -Exist
            Get-Content -LiteralPath (Join-Path $Packaged 'LICENSE') -Raw | Should -Match 'Overlord for PowerShell contributors'
        }

        It 'has no made-up LicenseUri or ProjectUri' {
            $data = Import-PowerShellDataFile -LiteralPath (Join-Path $Packaged 'Overlord.psd1')
            $data.PrivateData.PSData.ContainsKey('LicenseUri') | Should -BeFalse
            $data.PrivateData.PSData.ContainsKey('ProjectUri') | Should -BeFalse
        }

        It 'publishes with Publish-PSResource, saves back and imports with its cmdlets and help' {
            # A file-system repository under TestDrive: the same checks a gallery runs on the nupkg, no network.
            $repo = Join-Path $TestDrive 'repo'; $saved = Join-Path $TestDrive 'saved'
            $null = New-Item -ItemType Directory -Path $repo, $saved
            $name = "overlord-pester-$PID"
            Register-PSResourceRepository -Name $name -Uri $repo -Trusted
            try {
                Publish-PSResource -Path $Packaged -Repository $name -ErrorAction Stop
                (Get-ChildItem -LiteralPath $repo).Name | Should -Be @("Overlord.$Version.nupkg")
                Save-PSResource -Name Overlord -Repository $name -Path $saved -TrustRepository -ErrorAction Stop
            }
            finally { Unregister-PSResourceRepository -Name $name }
            $manifest = Join-Path $saved "Overlord/$Version/Overlord.psd1"
            $manifest | Should -Exist
            Join-Path $saved "Overlord/$Version/en-US/Overlord.PowerShell.dll-Help.xml" | Should -Exist
            $check = "Import-Module '$manifest'; (Get-Command -Module Overlord).Count; (Get-Help New-OverlordDeployment).Synopsis"
            $process = [Environment]::ProcessPath
            $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($process) -ne 'pwsh') { Join-Path $PSHOME 'pwsh.dll' })
            $out = @(& $process @prefix -NoProfile -NonInteractive -Command $check)
            $LASTEXITCODE | Should -Be 0
            [int]$out[0] | Should -Be (Import-PowerShellDataFile -LiteralPath $manifest).CmdletsToExport.Count
            $out[1] | Should -Match 'Deploys'
        }

        It 'fails on a broken manifest' {
            $broken = Join-Path $TestDrive 'broken'
            Copy-Item -LiteralPath $Packaged -Destination $broken -Recurse
            Remove-Item -LiteralPath (Join-Path $broken 'Overlord.format.ps1xml')
            { Test-OverlordModulePackage $broken } | Should -Throw
        }
    }

    Context 'FreeBSD archive' {
        BeforeAll {
            # A stand-in for the publish folder: the layout around it is what is under test.
            $publish = Join-Path $TestDrive 'publish'
            $null = New-Item -ItemType Directory -Path $publish
            foreach ($name in 'overlord-node.dll', 'overlord-node.runtimeconfig.json', 'overlord-node.deps.json') {
                Set-Content -LiteralPath (Join-Path $publish $name) -Value 'stand-in'
            }
            $Out = Join-Path $TestDrive 'archive'
            $Archive = New-OverlordNodeArchive -PublishDirectory $publish -Version $Version -RepoRoot $RepoRoot -Destination $Out
            $Listing = @(Get-ArchiveListing $Archive)
        }

        It 'is named for the version' {
            Split-Path -Leaf $Archive | Should -Be "overlord-node-$Version-freebsd-x64.tar.gz"
        }

        It 'holds the app, the wrapper, the rc.d script and the sample config' {
            foreach ($path in $ExpectedPaths) {
                $Listing.Path | Should -Contain $path
            }
        }

        It 'links the SQLite library name Microsoft.Data.Sqlite probes to the system SQLite of FreeBSD' {
            $sqlite = $Listing | Where-Object Path -EQ 'usr/local/libexec/overlord-node/libe_sqlite3.so'
            $sqlite | Should -Not -BeNullOrEmpty
            $sqlite.Mode | Should -BeLike 'l*'
            $sqlite.Link | Should -Be '/usr/local/lib/libsqlite3.so'
        }

        It 'holds only usr/local, owned by root:wheel' {
            foreach ($entry in $Listing) {
                $entry.Path | Should -Match '^usr/(local/.*)?$'
                $entry.Owner | Should -Be 'root/wheel'
            }
        }

        It 'makes the scripts 0755 and the sample config 0644' {
            ($Listing | Where-Object Path -EQ 'usr/local/bin/overlord-node').Mode | Should -Be '-rwxr-xr-x'
            ($Listing | Where-Object Path -EQ 'usr/local/etc/rc.d/overlord_node').Mode | Should -Be '-rwxr-xr-x'
            ($Listing | Where-Object Path -EQ 'usr/local/etc/overlord.yml.sample').Mode | Should -Be '-rw-r--r--'
        }

        It 'writes SHA256SUMS that matches the archive' {
            $line = Get-Content -LiteralPath (Join-Path $Out 'SHA256SUMS')
            $hash = (Get-FileHash -LiteralPath $Archive -Algorithm SHA256).Hash.ToLowerInvariant()
            $line | Should -Be "$hash  $(Split-Path -Leaf $Archive)"
        }

        It 'leaves no staging folder behind' {
            @(Get-ChildItem -LiteralPath $Out).Name | Sort-Object | Should -Be @((Split-Path -Leaf $Archive), 'SHA256SUMS')
        }
    }

    Context 'the last package run' {
        It 'out/package holds the real archive with the published node' {
            $archive = Join-Path $RepoRoot "out/package/$(Get-OverlordNodeArchiveName $Version)"
            if (-not (Test-Path -LiteralPath $archive)) {
                Set-ItResult -Skipped -Because "no './build.ps1 package' output in out/package"
                return
            }
            $paths = @(Get-ArchiveListing $archive).Path
            foreach ($path in $ExpectedPaths + 'usr/local/libexec/overlord-node/Overlord.Core.dll') {
                $paths | Should -Contain $path
            }
        }
    }
}
