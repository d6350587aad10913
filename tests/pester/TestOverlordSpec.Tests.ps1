# Test-OverlordSpec against the built module.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'OverlordTestUtils.psm1') -Force
    $examples = @(Get-ExampleSpecFile | ForEach-Object { @{ Name = $_.Name; FullName = $_.FullName } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'OverlordTestUtils.psm1') -Force
    $null = Import-BuiltOverlordModule
    $FullyQualified = { param($id) "$id,Overlord.PowerShell.Cmdlets.TestOverlordSpecCommand" }

    $validYaml = @'
kind: readOnly
datacenters:
  main:
    entrypoint: 'http://127.0.0.1:8888'
deployIn:
  labels: [all]
'@
    # Two problems: line 5 column 19 and line 8 column 7.
    $invalidYaml = @'
kind: readOnly
datacenters:
  main:
    entrypoint: 'http://127.0.0.1:8888'
    read_timeout: soon
deployIn:
  labels:
    - Web
'@
    function New-SpecFile([string] $Name, [string] $Content) {
        $path = Join-Path $TestDrive $Name
        Set-Content -LiteralPath $path -Value $Content
        (Get-Item -LiteralPath $path).FullName
    }
}

Describe 'Test-OverlordSpec' {
    Context 'the example specs' {
        It 'has the example specs to test' {
            $names = @(Get-ExampleSpecFile | ForEach-Object Name)
            $names | Should -Contain 'readonly.yml'
            $names | Should -Contain 'appconfig.yml'
        }

        It 'finds no problem in <Name>' -ForEach $examples {
            $result = Test-OverlordSpec -LiteralPath $FullName
            $result.Errors | ForEach-Object ToString | Should -BeNullOrEmpty
            $result.IsValid | Should -BeTrue
            $result.Path | Should -Be $FullName
        }

        It 'gives one result per file piped from Get-ChildItem' {
            $files = @(Get-ExampleSpecFile)
            $results = @($files | Test-OverlordSpec)
            $results.Count | Should -Be $files.Count
            $results.Path | Should -Be $files.FullName
            $results | ForEach-Object { $_ | Should -BeOfType ([Overlord.PowerShell.SpecTestResult]) }
        }
    }

    Context 'a spec with problems' {
        BeforeAll {
            $bad = New-SpecFile 'bad.yml' $invalidYaml
        }

        It 'reports every problem with line, column and key path' {
            $result = Test-OverlordSpec -Path $bad
            $result.IsValid | Should -BeFalse
            $result.Kind | Should -Be 'readOnly'
            $result.Errors.Count | Should -Be 2
            $result.Errors[0].Line | Should -Be 5
            $result.Errors[0].Column | Should -Be 19
            $result.Errors[0].KeyPath | Should -Be 'datacenters.main.read_timeout'
            $result.Errors[1].Line | Should -Be 8
            $result.Errors[1].Column | Should -Be 7
            $result.Errors[1].KeyPath | Should -Be 'deployIn.labels[0]'
            $result.Errors[1].ToString() | Should -BeLike "${bad}:8:7: deployIn.labels``[0``]: 'Web' is not valid*"
        }

        It 'writes a result, not an error' {
            $result = Test-OverlordSpec -Path $bad -ErrorVariable problems
            $problems | Should -BeNullOrEmpty
            $result | Should -Not -BeNullOrEmpty
        }
    }

    Context 'paths' {
        BeforeAll {
            $dir = Join-Path $TestDrive 'paths'
            $null = New-Item -ItemType Directory -Path $dir
            $null = New-Item -ItemType Directory -Path (Join-Path $dir 'sub.yml')
            Set-Content -LiteralPath (Join-Path $dir 'one.yml') -Value $validYaml
            Set-Content -LiteralPath (Join-Path $dir 'two.yml') -Value $invalidYaml
            Set-Content -LiteralPath (Join-Path $dir 'odd[1].yml') -Value $validYaml
        }

        It 'expands -Path wildcards against the current location' {
            Push-Location -LiteralPath $dir
            try {
                $results = @(Test-OverlordSpec -Path 't*.yml', 'one.yml')
            }
            finally {
                Pop-Location
            }
            $results.Path | Should -Be @((Join-Path $dir 'two.yml'), (Join-Path $dir 'one.yml'))
            $results.IsValid | Should -Be @($false, $true)
        }

        It 'skips directories that a wildcard matches' {
            $results = @(Test-OverlordSpec -Path (Join-Path $dir 's*') -ErrorVariable problems -ErrorAction SilentlyContinue)
            $results | Should -BeNullOrEmpty
            # sub.yml was the only match and it is a directory: nothing matched a file.
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be (& $FullyQualified 'SpecFileNotFound')
        }

        It 'takes -LiteralPath exactly as written' {
            $literal = Join-Path $dir 'odd[1].yml'
            (Test-OverlordSpec -LiteralPath $literal).IsValid | Should -BeTrue
            { Test-OverlordSpec -Path $literal -ErrorAction Stop } |
                Should -Throw -ErrorId (& $FullyQualified 'SpecFileNotFound')
        }

        It 'binds string paths from the pipeline' {
            $results = @((Join-Path $dir 'one.yml'), (Join-Path $dir 'two.yml') | Test-OverlordSpec)
            $results.IsValid | Should -Be @($true, $false)
        }

        It 'fails with SpecFileNotFound for a missing file' {
            { Test-OverlordSpec -Path (Join-Path $dir 'missing.yml') -ErrorAction Stop } |
                Should -Throw -ErrorId (& $FullyQualified 'SpecFileNotFound')
            { Test-OverlordSpec -LiteralPath (Join-Path $dir 'missing.yml') -ErrorAction Stop } |
                Should -Throw -ErrorId (& $FullyQualified 'SpecFileNotFound')
        }

        It 'goes on after a missing file' {
            $missing = Join-Path $dir 'missing.yml'
            $results = @(Test-OverlordSpec -LiteralPath $missing, (Join-Path $dir 'one.yml') -ErrorVariable problems -ErrorAction SilentlyContinue)
            $results.Count | Should -Be 1
            $results[0].IsValid | Should -BeTrue
            $problems.Count | Should -Be 1
            $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $problems[0].TargetObject | Should -Be $missing
        }

        It 'fails with SpecPathIsDirectory for a directory named outright' {
            { Test-OverlordSpec -LiteralPath $dir -ErrorAction Stop } |
                Should -Throw -ErrorId (& $FullyQualified 'SpecPathIsDirectory')
        }

        It 'fails with SpecPathNotFileSystem for another provider' {
            { Test-OverlordSpec -LiteralPath 'Env:PATH' -ErrorAction Stop } |
                Should -Throw -ErrorId (& $FullyQualified 'SpecPathNotFileSystem')
        }
    }

    Context '-Quiet' {
        It 'writes one Boolean per file, $false for a missing one, and no error' {
            $valid = New-SpecFile 'quiet-valid.yml' $validYaml
            $invalid = New-SpecFile 'quiet-invalid.yml' $invalidYaml
            $answers = @(Test-OverlordSpec -LiteralPath $valid, $invalid, (Join-Path $TestDrive 'nope.yml') -Quiet -ErrorVariable problems)
            $answers | ForEach-Object { $_ | Should -BeOfType ([bool]) }
            $answers | Should -Be @($true, $false, $false)
            $problems | Should -BeNullOrEmpty
        }
    }

    Context 'formatting' {
        It 'shows results in the default table' {
            $text = Test-OverlordSpec -LiteralPath (New-SpecFile 'fmt.yml' $invalidYaml) | Out-String -Width 200
            $text | Should -Match 'Kind\s+IsValid\s+Errors\s+Path'
            $text | Should -Match 'readOnly\s+False\s+2\s+'
        }

        It 'shows problems in their default table' {
            $text = (Test-OverlordSpec -LiteralPath (New-SpecFile 'fmt-errors.yml' $invalidYaml)).Errors | Out-String -Width 200
            $text | Should -Match 'Line\s+Column\s+KeyPath\s+Message'
            $text | Should -Match '5\s+19\s+datacenters\.main\.read_timeout\s+expected an integer'
        }
    }
}
