# Get-OverlordSpec against the built module.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'OverlordTestUtils.psm1') -Force
    $examples = @(Get-ExampleSpecFile | ForEach-Object { @{ Name = $_.Name; FullName = $_.FullName } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'OverlordTestUtils.psm1') -Force
    $null = Import-BuiltOverlordModule
    $FullyQualified = { param($id) "$id,Overlord.PowerShell.Cmdlets.GetOverlordSpecCommand" }

    function New-SpecFile([string] $Name, [string] $Content) {
        $path = Join-Path $TestDrive $Name
        Set-Content -LiteralPath $path -Value $Content
        (Get-Item -LiteralPath $path).FullName
    }

    # Two problems: line 2 column 10 and line 6 column 7 (appName is present, so only these two).
    $invalidYaml = @'
kind: appConfig
appFrom: 'not a key!'
appName: blog
deployIn:
  labels:
    - Web
datacenters: {}
'@
}

Describe 'Get-OverlordSpec' {
    Context 'the example specs' {
        It 'reads <Name> as a spec of the kind it declares' -ForEach $examples {
            $spec = Get-OverlordSpec -LiteralPath $FullName
            # Core loads in the module's private load context, where PowerShell type literals do not look,
            # so its types are checked by name.
            $spec.PSTypeNames | Should -Contain 'Overlord.Core.Specs.Spec'
            $declared = (Get-Content -LiteralPath $FullName | Where-Object { $_ -match '^kind:\s*(\S+)' } | Select-Object -First 1) -replace '^kind:\s*', ''
            $spec.Kind | Should -Be $declared
            $spec.Path | Should -Be $FullName
        }

        It 'reads every example piped from Get-ChildItem' {
            $files = @(Get-ExampleSpecFile)
            $specs = @($files | Get-OverlordSpec)
            $specs.Count | Should -Be $files.Count
            $specs.Path | Should -Be $files.FullName
        }
    }

    Context 'defaults and values' {
        It 'applies upstream defaults to a readOnly spec' {
            $path = New-SpecFile 'defaults.yml' @'
kind: readOnly
datacenters:
  main:
    entrypoint: 'http://127.0.0.1:8888'
  backup:
deployIn:
  exclude: [maintenance]
'@
            $spec = Get-OverlordSpec -Path $path
            $spec.GetType().FullName | Should -Be 'Overlord.Core.Specs.ReadOnlySpec'
            @($spec.Datacenters.Keys | Sort-Object) | Should -Be @('backup', 'main')
            $spec.Datacenters['main'].ReadTimeout | Should -Be 120
            $spec.Datacenters['main'].ConnectTimeout | Should -Be 10
            $spec.Datacenters['backup'].Entrypoint | Should -BeNullOrEmpty
            @($spec.DeployIn.Labels) | Should -Be @('all')
            @($spec.DeployIn.Exclude) | Should -Be @('maintenance')
            @($spec.DeployIn.Entrypoints | ForEach-Object ToString | Sort-Object) | Should -Be @('backup', 'main')
            $spec.MaximumDeployments | Should -Be 0
        }

        It 'reads the appConfig keys' {
            $spec = Get-OverlordSpec -LiteralPath (Join-Path (Get-OverlordRepoRoot) 'examples/appconfig.yml')
            $spec.GetType().FullName | Should -Be 'Overlord.Core.Specs.AppConfigSpec'
            $spec.AppName | Should -Be 'blog'
            $spec.AppFrom | Should -Be 'wordpress.template'
            $spec.AppConfig['domain'] | Should -Be 'blog.example.org'
        }
    }

    Context 'an invalid spec' {
        BeforeAll {
            $bad = New-SpecFile 'bad.yml' $invalidYaml
        }

        It 'fails with InvalidSpec' {
            { Get-OverlordSpec -Path $bad -ErrorAction Stop } | Should -Throw -ErrorId (& $FullyQualified 'InvalidSpec')
        }

        It 'lists every problem in the message, one file:line:column line each, and carries them as objects' {
            $record = { Get-OverlordSpec -Path $bad -ErrorAction Stop } | Should -Throw -PassThru
            $record.CategoryInfo.Category | Should -Be 'InvalidData'
            $record.TargetObject | Should -Be $bad
            $exception = $record.Exception
            $exception | Should -BeOfType ([Overlord.PowerShell.SpecValidationException])
            $exception.Errors.Count | Should -Be 2
            $exception.Kind | Should -Be 'appConfig'
            $lines = $exception.Message -split '\r?\n'
            $lines.Count | Should -Be 2
            $lines[0] | Should -BeLike "${bad}:2:10: appFrom: 'not a key!' is not valid*"
            $lines[1] | Should -BeLike "${bad}:6:7: deployIn.labels``[0``]: 'Web' is not valid*"
            $lines | Should -Be @($exception.Errors | ForEach-Object ToString)
        }

        It 'goes on with the next file' {
            $good = Join-Path (Get-OverlordRepoRoot) 'examples/readonly.yml'
            $missing = Join-Path $TestDrive 'missing.yml'
            $specs = @(Get-OverlordSpec -LiteralPath $bad, $missing, $good -ErrorVariable problems -ErrorAction SilentlyContinue)
            $specs.Count | Should -Be 1
            $specs[0].Kind | Should -Be 'readOnly'
            $problems.FullyQualifiedErrorId | Should -Be @((& $FullyQualified 'InvalidSpec'), (& $FullyQualified 'SpecFileNotFound'))
            $problems[1].TargetObject | Should -Be $missing
        }
    }

    Context 'formatting' {
        It 'shows specs of every kind in the one default table' {
            $text = Get-ExampleSpecFile | Get-OverlordSpec | Out-String -Width 200
            $text | Should -Match 'Kind\s+Datacenters\s+Labels\s+Path'
            $text | Should -Match 'readOnly\s+main\s+all\s+'
            $text | Should -Match 'appConfig\s+main\s+web\s+'
        }
    }
}
