# The built module as a whole: manifest, exports, views, version and dependency isolation.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'OverlordTestUtils.psm1') -Force
    $ModuleDir = Get-BuiltModuleDirectory
    $Module = Import-BuiltOverlordModule
    $Manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $ModuleDir 'Overlord.psd1')
    $CmdletTypes = @($Module.ImplementingAssembly.GetExportedTypes() |
            Where-Object { $_.IsDefined([System.Management.Automation.CmdletAttribute], $false) })
    $CmdletNames = @($CmdletTypes | ForEach-Object {
            $attribute = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
            "$($attribute.VerbName)-$($attribute.NounName)"
        } | Sort-Object)
}

Describe 'Overlord module' {
    Context 'manifest' {
        It 'has cmdlets to check' {
            $CmdletNames | Should -Contain 'Test-OverlordSpec'
            $CmdletNames | Should -Contain 'Get-OverlordSpec'
        }

        It 'lists exactly the [Cmdlet] types of the assembly in CmdletsToExport' {
            @($Manifest.CmdletsToExport | Sort-Object) | Should -Be $CmdletNames
            @($Module.ExportedCmdlets.Keys | Sort-Object) | Should -Be $CmdletNames
        }

        It 'exports no function, alias or variable, and uses no wildcard' {
            foreach ($key in 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
                $Manifest.ContainsKey($key) | Should -BeTrue -Because "$key must be explicit"
                @($Manifest[$key]).Count | Should -Be 0 -Because "$key must be @()"
            }
            $Manifest.CmdletsToExport | Should -Not -Contain '*'
        }

        It 'is a PowerShell 7.4+ Core module with the cmdlet assembly as root' {
            $Manifest.RootModule | Should -Be 'Overlord.PowerShell.dll'
            $Manifest.CompatiblePSEditions | Should -Be @('Core')
            $Manifest.PowerShellVersion | Should -Be '7.4'
            $Manifest.FormatsToProcess | Should -Be @('Overlord.format.ps1xml')
        }

        It 'carries the version of Directory.Build.props, in the manifest and the assembly' {
            $version = Get-MSBuildProperty 'Directory.Build.props' 'ModuleVersion'
            $Manifest.ModuleVersion | Should -Be $version
            $Module.Version.ToString() | Should -Be $version
            $Module.ImplementingAssembly.GetName().Version.ToString() | Should -Be "$version.0"
        }
    }

    Context 'cmdlets' {
        It '<_> uses an approved verb' -ForEach @('Get-OverlordSpec', 'Test-OverlordSpec') {
            (Get-Verb).Verb | Should -Contain ($_ -split '-')[0]
        }

        It 'makes every cmdlet sealed, with a default parameter set and [OutputType]' {
            foreach ($type in $CmdletTypes) {
                $type.IsSealed | Should -BeTrue -Because "$($type.Name) must be sealed"
                $attribute = $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
                $attribute.DefaultParameterSetName | Should -Not -BeNullOrEmpty -Because "$($type.Name) needs DefaultParameterSetName"
                $type.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $false) |
                    Should -Not -BeNullOrEmpty -Because "$($type.Name) needs [OutputType]"
                $type.Namespace | Should -Be 'Overlord.PowerShell.Cmdlets'
                $type.Name | Should -Be ("$($attribute.VerbName)$($attribute.NounName)Command")
            }
        }

        It 'has one default table view for every Overlord output type' {
            $names = foreach ($type in $CmdletTypes) {
                foreach ($output in $type.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $false)) {
                    $output.Type | ForEach-Object Name
                }
            }
            # Booleans (-Quiet) and other framework types are formatted by PowerShell itself.
            $ours = @($names | Where-Object { $_ -like 'Overlord.*' } | Sort-Object -Unique) + 'Overlord.Core.Validation.SpecError'
            $ours | Should -Contain 'Overlord.PowerShell.SpecTestResult'
            $ours | Should -Contain 'Overlord.Core.Specs.Spec'
            foreach ($name in $ours) {
                $views = @((Get-FormatData -TypeName $name).FormatViewDefinition)
                $views.Count | Should -Be 1 -Because "$name needs exactly one default view"
                $views[0].Control | Should -BeOfType ([System.Management.Automation.TableControl])
            }
        }
    }

    Context 'layout' {
        It 'ships only the cmdlet assembly at the root and Core with its dependencies in Dependencies/' {
            @(Get-ChildItem -LiteralPath $ModuleDir -Filter '*.dll' -File).Name | Should -Be @('Overlord.PowerShell.dll')
            $dependencies = @(Get-ChildItem -LiteralPath (Join-Path $ModuleDir 'Dependencies') -Filter '*.dll' -File).Name
            $dependencies | Should -Contain 'Overlord.Core.dll'
            $dependencies | Should -Contain 'YamlDotNet.dll'
            $dependencies | Where-Object { $_ -like 'System.Management.Automation*' } | Should -BeNullOrEmpty
        }

        It 'keeps YamlDotNet out of the cmdlet assembly references' {
            $references = $Module.ImplementingAssembly.GetReferencedAssemblies().Name
            $references | Should -Contain 'Overlord.Core'
            $references | Should -Not -Contain 'YamlDotNet'
        }
    }

    Context 'dependency isolation' {
        BeforeAll {
            $foreignVersion = Get-MSBuildProperty 'Directory.Packages.props' 'ForeignYamlDotNetVersion'
            $foreignYaml = Join-Path (Get-NuGetPackageDirectory 'YamlDotNet' $foreignVersion) 'lib/netstandard2.1/YamlDotNet.dll'
            $child = Join-Path $TestDrive 'isolation.ps1'
            Set-Content -LiteralPath $child -Value @'
param([string] $ForeignYaml, [string] $ModuleManifest, [string] $Spec)
$ErrorActionPreference = 'Stop'
# Another module got here first with its own, older YamlDotNet in the default load context.
Add-Type -LiteralPath $ForeignYaml
Import-Module -Name $ModuleManifest
$first = Get-OverlordSpec -LiteralPath $Spec
# Remove-Module unhooks the resolver; a second import hooks it again and reuses the same Core.
Remove-Module -Name Overlord
Import-Module -Name $ModuleManifest
$second = Get-OverlordSpec -LiteralPath $Spec
$foreign = [YamlDotNet.Serialization.Deserializer].Assembly
$core = $first.GetType().Assembly
$coreContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core)
$ourYaml = $coreContext.Assemblies | Where-Object { $_.GetName().Name -eq 'YamlDotNet' }
[pscustomobject]@{
    Kind                = $first.Kind
    SecondKind          = $second.Kind
    SameCore            = [object]::ReferenceEquals($core, $second.GetType().Assembly)
    ForeignVersion      = $foreign.GetName().Version.ToString()
    ForeignFileVersion  = [System.Diagnostics.FileVersionInfo]::GetVersionInfo($foreign.Location).FileVersion
    ForeignContext      = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($foreign).Name
    CoreContext         = $coreContext.Name
    OurYamlVersion      = $ourYaml.GetName().Version.ToString()
    OurYamlLocation     = $ourYaml.Location
    CmdletContext       = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([Overlord.PowerShell.SpecTestResult].Assembly).Name
} | ConvertTo-Json -Compress
'@
            $output = @(Invoke-ChildPwsh -ScriptPath $child -ArgumentList $foreignYaml, (Get-BuiltModuleManifest),
                (Join-Path (Get-OverlordRepoRoot) 'examples/readonly.yml'))
            $report = $output[-1] | ConvertFrom-Json
        }

        It 'runs Get-OverlordSpec next to YamlDotNet 11.2.1, before and after Remove-Module' {
            $report.Kind | Should -Be 'readOnly'
            $report.SecondKind | Should -Be 'readOnly'
            $report.SameCore | Should -BeTrue
        }

        It 'leaves the foreign YamlDotNet in the default load context' {
            $report.ForeignContext | Should -Be 'Default'
            $report.ForeignVersion | Should -Be '11.0.0.0'
            $report.ForeignFileVersion | Should -BeLike '11.2.1*'
        }

        It 'loads Core and its own YamlDotNet in the private Overlord context from Dependencies/' {
            $report.CmdletContext | Should -Be 'Default'
            $report.CoreContext | Should -Be 'Overlord'
            $report.OurYamlVersion | Should -Not -Be $report.ForeignVersion
            $report.OurYamlLocation | Should -Be (Join-Path $ModuleDir 'Dependencies/YamlDotNet.dll')
        }
    }
}
