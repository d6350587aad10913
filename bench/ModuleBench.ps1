#Requires -Version 7.4
<#
.SYNOPSIS
    The module's user-facing figures: Import-Module time in a fresh pwsh, the first and the warm round trip of
    Get-OverlordLabel, and New-OverlordDeployment to 4 nodes until Wait-OverlordDeployment returns. Run by
    `./build.ps1 bench`; real node processes on emulated hosts on 127.0.0.1 (build/OverlordTree.psm1).
#>
param(
    # The staged module's manifest (out/module/Overlord/Overlord.psd1).
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $OutFile,
    [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Release',
    # An emulator build to use instead of the JIT one (the bench publishes a native one).
    [string] $Emulator,
    [int] $ImportRuns = 10,
    [int] $WarmCalls = 200,
    [int] $DeployRuns = 5,
    # Wait-OverlordDeployment's poll interval (its default is 1 s, which would round every figure up to a second).
    [double] $PollInterval = 0.1
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$repo = Split-Path -Parent $PSScriptRoot
Import-Module (Join-Path $repo 'build/OverlordTree.psm1') -Force

# Under `dotnet pwsh` this process is the dotnet host running pwsh.dll; a child must be started the same way.
$pwshHost = [Environment]::ProcessPath
$pwshPrefix = @(if ([IO.Path]::GetFileNameWithoutExtension($pwshHost) -ne 'pwsh') { Join-Path $PSHOME 'pwsh.dll' })

function Invoke-FreshPwsh([string] $Script) {
    $file = Join-Path $work "child-$([guid]::NewGuid().ToString('n')).ps1"
    Set-Content -LiteralPath $file -Value $Script
    $output = & $pwshHost @pwshPrefix -NoProfile -NonInteractive -File $file 2>&1
    if ($LASTEXITCODE -ne 0) { throw "child pwsh failed ($LASTEXITCODE):`n$($output -join "`n")" }
    $output | ForEach-Object { "$_" }
}

function Get-Percentile([double[]] $Values, [double] $P) {
    $sorted = @($Values | Sort-Object)
    $sorted[[math]::Min($sorted.Count - 1, [math]::Max(0, [math]::Ceiling($P / 100 * $sorted.Count) - 1))]
}

function Get-Summary([double[]] $Values) {
    [ordered]@{
        runs = $Values.Count
        min_ms = [math]::Round(($Values | Measure-Object -Minimum).Minimum, 1)
        median_ms = [math]::Round((Get-Percentile $Values 50), 1)
        p90_ms = [math]::Round((Get-Percentile $Values 90), 1)
        max_ms = [math]::Round(($Values | Measure-Object -Maximum).Maximum, 1)
    }
}

$work = Join-Path ([IO.Path]::GetTempPath()) "overlord-module-bench-$PID"
$null = New-Item -ItemType Directory -Path $work -Force
$ModuleManifest = (Resolve-Path -LiteralPath $ModuleManifest).Path
try {
    # 1. Import-Module in a fresh process: what every script that uses the module pays once.
    Write-Host "==> Import-Module in a fresh pwsh, $ImportRuns runs"
    $imports = foreach ($i in 1..$ImportRuns) {
        [double](Invoke-FreshPwsh @"
`$watch = [Diagnostics.Stopwatch]::StartNew()
Import-Module '$ModuleManifest'
`$watch.Elapsed.TotalMilliseconds
"@ | Select-Object -Last 1)
    }

    # A root and four children (one of them two hops down); each child is labelled web, the root is not.
    $layout = @(
        @{ Name = 'main'; Labels = 'entry' }
        @{ Name = 'alpha'; Labels = 'web'; Parent = 'main' }
        @{ Name = 'bravo'; Labels = 'web'; Parent = 'main' }
        @{ Name = 'charlie'; Labels = 'web'; Parent = 'main' }
        @{ Name = 'delta'; Labels = 'web'; Parent = 'charlie' }
    )
    $treeArgs = @{ Directory = (Join-Path $work 'tree'); Nodes = $layout; Configuration = $Configuration }
    if ($Emulator) { $treeArgs.EmulatorDll = $Emulator }
    Write-Host '==> start 5 nodes on emulated hosts'
    $nodes = @(Start-OverlordTree @treeArgs)
    $root = $nodes[0]

    $makejail = Join-Path $work 'Makejail'
    Set-Content -LiteralPath $makejail -Value 'OPTION start'
    $director = Join-Path $work 'director.yml'
    Set-Content -LiteralPath $director -Value "services:`n  app:`n    makejail: '$makejail'"
    $spec = Join-Path $work 'bench.yml'
    Set-Content -LiteralPath $spec -Value @"
kind: directorProject
datacenters:
  main:
    entrypoint: '$($root.Uri.GetLeftPart([UriPartial]::Authority))'
    access_token: '$($root.Token)'
deployIn:
  labels: [web]
projectName: bench
projectFile: '$director'
"@

    # 2 and 3 in one fresh pwsh, so the first call pays what a user's first call pays (JIT, connection set-up).
    Write-Host "==> Get-OverlordLabel first and $WarmCalls warm; New-OverlordDeployment | Wait-OverlordDeployment x $DeployRuns"
    $result = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
`$token = (Get-Content -Raw '$($root.TokenPath)').Trim()
# The first call of the session, with -Uri/-Token: it pays the client's JIT and connection set-up.
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$null = Get-OverlordLabel -Uri '$($root.Uri)' -Token `$token
`$first = `$watch.Elapsed.TotalMilliseconds
Connect-OverlordNode -Uri '$($root.Uri)' -Token `$token
`$warm = foreach (`$i in 1..$WarmCalls) { `$watch.Restart(); `$null = Get-OverlordLabel; `$watch.Elapsed.TotalMilliseconds }
`$deploys = foreach (`$i in 1..$DeployRuns) {
    `$watch.Restart()
    # -Restart so every run really runs Director (a second plain apply would be a NOOP).
    `$statuses = @(New-OverlordDeployment -LiteralPath '$spec' -Restart:(`$i -gt 1) | Wait-OverlordDeployment -Timeout 120 -PollInterval $PollInterval)
    `$elapsed = `$watch.Elapsed.TotalMilliseconds
    `$done = @(`$statuses | Where-Object Status -eq 'COMPLETED').Count
    if (`$done -ne 4) { throw "run `${i}: `$done of 4 targets COMPLETED (`$((`$statuses | ForEach-Object { "`$(`$_.Address)=`$(`$_.Status)" }) -join ', '))" }
    `$elapsed
}
@{ first = `$first; warm = @(`$warm); deploys = @(`$deploys) } | ConvertTo-Json -Compress
"@ | Select-Object -Last 1 | ConvertFrom-Json

    $report = [ordered]@{
        machine = [ordered]@{ cores = [Environment]::ProcessorCount; os = [Runtime.InteropServices.RuntimeInformation]::OSDescription }
        configuration = $Configuration
        import_module = Get-Summary $imports
        get_label_first_ms = [math]::Round([double]$result.first, 1)
        get_label_warm = Get-Summary ([double[]]$result.warm)
        deploy_4_nodes_until_wait = Get-Summary ([double[]]$result.deploys)
        wait_poll_interval_s = $PollInterval
    }
    $null = New-Item -ItemType Directory -Path (Split-Path -Parent $OutFile) -Force
    $report | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $OutFile
    Write-Host ("Import-Module: median {0} ms (p90 {1}); Get-OverlordLabel first {2} ms, warm median {3} ms p90 {4}; deploy to 4 nodes until Wait returns: median {5} ms (min {6}, max {7})" -f
        $report.import_module.median_ms, $report.import_module.p90_ms, $report.get_label_first_ms,
        $report.get_label_warm.median_ms, $report.get_label_warm.p90_ms,
        $report.deploy_4_nodes_until_wait.median_ms, $report.deploy_4_nodes_until_wait.min_ms, $report.deploy_4_nodes_until_wait.max_ms)
}
finally {
    if (Test-Path -LiteralPath (Join-Path $work 'tree')) { $null = Stop-OverlordTree -Directory (Join-Path $work 'tree') }
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
