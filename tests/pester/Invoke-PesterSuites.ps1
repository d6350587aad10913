#Requires -Version 7.4
<#
.SYNOPSIS
    Runs every *.Tests.ps1 suite of a folder with Pester and writes the counts; build.ps1 starts it in a child pwsh.

.DESCRIPTION
    Writes an NUnit3 report to -ResultPath and a small JSON of counts to -CountsPath. A block or a whole suite that
    fails outside any test (AfterAll, discovery) counts as a failure too, so a broken file cannot pass.
    Exits 1 when anything failed or no test ran, 0 otherwise.
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $TestDirectory,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $CountsPath
)

$ErrorActionPreference = 'Stop'
Import-Module -Name $PesterManifest -Force

$suites = @(Get-ChildItem -LiteralPath $TestDirectory -Filter '*.Tests.ps1' -File | ForEach-Object FullName)
if ($suites.Count -eq 0) {
    Write-Host "No *.Tests.ps1 suite in $TestDirectory."
    exit 1
}

$config = New-PesterConfiguration
$config.Run.Path = $suites
$config.Run.PassThru = $true
$config.Run.Exit = $false
$config.Output.Verbosity = 'Normal'
# The report is written after the run, not by Invoke-Pester: a report that cannot be written (a control character in
# test data, say) must not lose the counts of tests that ran.
$config.TestResult.Enabled = $false

$result = Invoke-Pester -Configuration $config
$reportFailed = 0
try {
    Export-NUnitReport -Result $result -Path $ResultPath -Format NUnit3
}
catch {
    Write-Host "The NUnit report could not be written to ${ResultPath}: $_"
    $reportFailed = 1
}

# A failed BeforeAll already fails the tests below it; only a block failure that failed no test (an AfterAll, say)
# is added. A suite that failed discovery has no tests at all, so it counts once.
$silentBlocks = @($result.FailedBlocks | Where-Object { $_.FailedCount -eq 0 }).Count
$failed = $result.FailedCount + $silentBlocks + $result.FailedContainersCount + $reportFailed
$counts = [ordered]@{
    passed  = $result.PassedCount
    failed  = $failed
    # Inconclusive tests did not pass; they are reported with the skipped ones.
    skipped = $result.SkippedCount + $result.InconclusiveCount
    total   = $result.TotalCount
}
$counts | ConvertTo-Json | Set-Content -LiteralPath $CountsPath -Encoding utf8NoBOM
if ($result.TotalCount -eq 0) {
    # build.ps1 treats a non-zero exit without failures as a broken run.
    Write-Host 'Pester ran no test.'
    exit 1
}
exit ($failed -gt 0 ? 1 : 0)
