# `./build.ps1 sandbox -Smoke` as the test task runs it: the sandbox (build/Sandbox.ps1) in a temp directory on free
# ports, so it never meets a user's running sandbox in out/sandbox. The smoke runs once, in a child pwsh, during
# discovery, so that each test of examples/infra.Tests.ps1 it ran becomes one test here. Also the layout checks of
# build/OverlordTree.psm1.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'OverlordTestUtils.psm1') -Force
    $repo = Get-OverlordRepoRoot
    $SmokeDir = Join-Path ([IO.Path]::GetTempPath()) "overlord-pester-sandbox-$PID"
    $resultPath = Join-Path ([IO.Path]::GetTempPath()) "overlord-pester-sandbox-$PID.xml"
    $pesterManifest = Join-Path (Get-Module Pester).ModuleBase 'Pester.psd1'
    # Plain text: the output becomes test data, and the NUnit report refuses control characters such as ESC.
    $command = "`$PSStyle.OutputRendering = 'PlainText'; . '$(Join-Path $repo 'build/Sandbox.ps1')'; exit (Invoke-OverlordSandbox -Smoke -Directory '$SmokeDir' " +
        "-ModuleManifest '$(Get-BuiltModuleManifest)' -ResultPath '$resultPath' -PesterManifest '$pesterManifest')"
    $process = [Environment]::ProcessPath
    $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($process) -ne 'pwsh') { Join-Path $PSHOME 'pwsh.dll' })
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $output = @(& $process @prefix -NoProfile -NonInteractive -Command $command 2>&1 | ForEach-Object { "$_" })
    $Smoke = @{
        ExitCode = $LASTEXITCODE
        Output = ($output -join "`n") -replace '\x1B\[[0-9;?]*[A-Za-z]', '' -replace '[\x00-\x08\x0B\x0C\x0E-\x1F]', ''
        Seconds = $watch.Elapsed.TotalSeconds
        Directory = $SmokeDir
    }
    $InfraCases = @()
    if (Test-Path -LiteralPath $resultPath) {
        $xml = [xml](Get-Content -LiteralPath $resultPath -Raw)
        $InfraCases = @($xml.SelectNodes('//test-case') | ForEach-Object {
                @{ Name = $_.GetAttribute('description'); Result = $_.GetAttribute('result'); Smoke = $Smoke
                    Message = ($_.SelectSingleNode('failure/message')?.InnerText) -replace '[\x00-\x08\x0B\x0C\x0E-\x1F]', '' }
            })
        Remove-Item -LiteralPath $resultPath -Force
    }
}

Describe 'build.ps1 sandbox -Smoke' {
    It 'exits 0 (took <Seconds> s)' -ForEach @($Smoke) {
        $_.ExitCode | Should -Be 0 -Because $_.Output
    }

    It 'starts the five nodes and deploys the examples' -ForEach @($Smoke) {
        $_.Output | Should -Match 'ready in [0-9.]+ s'
        foreach ($chain in 'alpha.bravo', 'alpha.charlie.delta') { $_.Output | Should -Match ([regex]::Escape($chain)) }
        foreach ($spec in 'web.yml', 'db.yml', 'metadata.yml', 'templates.yml', 'appconfig.yml') {
            $_.Output | Should -Match "==> deploy examples/$([regex]::Escape($spec))"
        }
        $_.Output | Should -Not -Match 'sandbox deployments failed'
        $_.Output | Should -Match 'COMPLETED'
    }

    It 'runs examples/infra.Tests.ps1 with no failure' -ForEach @($Smoke) {
        $_.Output | Should -Match 'infra tests: [1-9][0-9]* passed, 0 failed'
    }

    It 'stops every node it started and removes its directory' -ForEach @($Smoke) {
        $_.Output | Should -Match 'stopped 5 node\(s\)'
        $dir = $_.Directory
        $dir | Should -Not -BeNullOrEmpty
        Test-Path -LiteralPath $dir | Should -BeFalse
        $left = @(Get-ChildItem /proc -Directory -ErrorAction SilentlyContinue | Where-Object Name -match '^\d+$' | Where-Object {
                $cmd = Get-Content -LiteralPath "$($_.FullName)/cmdline" -Raw -ErrorAction SilentlyContinue
                $cmd -and $cmd.Contains($dir)
            })
        $left | Should -BeNullOrEmpty
    }

    # Empty when the smoke failed before the infra tests ran; the next test then fails.
    It 'infra: <Name>' -ForEach $InfraCases -AllowNullOrEmptyForEach {
        $Result | Should -Be 'Success' -Because $Message
    }

    It 'ran at least one infra test' -ForEach @(@{ Count = $InfraCases.Count; Smoke = $Smoke }) {
        $Count | Should -BeGreaterThan 0 -Because $Smoke.Output
    }
}

Describe 'Start-OverlordTree layout checks' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'OverlordTestUtils.psm1') -Force
        Import-OverlordTreeModule
        $Dir = Join-Path ([IO.Path]::GetTempPath()) "overlord-pester-layout-$PID"
    }

    It 'refuses <Case>' -ForEach @(
        @{ Case = 'two roots'; Nodes = @(@{ Name = 'a' }, @{ Name = 'b' }); Message = '*exactly one node must have no Parent*found 2*' }
        @{ Case = 'an unknown parent'; Nodes = @(@{ Name = 'a' }, @{ Name = 'b'; Parent = 'x' }); Message = "*node 'b' has an unknown Parent 'x'*" }
        @{ Case = 'a name given twice'; Nodes = @(@{ Name = 'a' }, @{ Name = 'a'; Parent = 'a' }); Message = "*.Name: 'a' is given twice*" }
        @{ Case = 'a dotted name'; Nodes = @(@{ Name = 'a.b' }); Message = "*.Name: 'a.b' is not a valid node name*" }
        @{ Case = 'a bad label'; Nodes = @(@{ Name = 'a'; Labels = 'all', 'no space' }); Message = "*.Labels: 'no space' is not a valid label*" }
        @{ Case = 'a cycle'; Nodes = @(@{ Name = 'r' }, @{ Name = 'a'; Parent = 'b' }, @{ Name = 'b'; Parent = 'a' }); Message = '*form a cycle*' }
    ) {
        { Start-OverlordTree -Directory $Dir -Nodes $Nodes } | Should -Throw -ExpectedMessage $Message
        Test-Path -LiteralPath $Dir | Should -BeFalse
    }

    It 'starts and stops a tree of one node' {
        try {
            $nodes = @(Start-OverlordTree -Directory $Dir -NoEmulator -Nodes @(@{ Name = 'solo'; Labels = 'all' }))
            $nodes.Count | Should -Be 1
            $nodes[0].Name | Should -Be 'solo'
            $nodes[0].Chain | Should -Be ''
            (Invoke-RestMethod -Uri "$($nodes[0].Uri)v1/labels" -Headers @{ Authorization = "Bearer $($nodes[0].Token)" }).labels | Should -Be @('all')
        }
        finally { Stop-OverlordTree -Directory $Dir -Remove | Out-Null }
        Test-Path -LiteralPath $Dir | Should -BeFalse
    }
}
