#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and benchmarks Overlord for PowerShell.

.DESCRIPTION
    Plain pwsh, no extra modules. Run it as `dotnet tool restore && dotnet pwsh ./build.ps1 <task>`.
    Run it with `help` to see the tasks.

.EXAMPLE
    dotnet pwsh ./build.ps1 test
#>
[CmdletBinding()]
param(
    # What to do: build, test, bench, package or help.
    [Parameter(Position = 0)]
    [string] $Task,

    # Debug by default for build and test, Release for bench and package.
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration,

    # build only, local use: report missing cmdlet help as warnings instead of failing (test and package never skip).
    [switch] $SkipHelpCheck,

    # sandbox: start, check with examples/infra.Tests.ps1 and stop (exit code 1 on any failure).
    [switch] $Smoke,

    # sandbox: stop the running sandbox and delete out/sandbox.
    [switch] $Stop
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$Solution = Join-Path $Root 'Overlord.sln'
$OutDir = Join-Path $Root 'out'
$ModuleDir = Join-Path $OutDir 'module/Overlord'
$TestResultsDir = Join-Path $OutDir 'test-results'
$CmdletProject = Join-Path $Root 'src/Overlord.PowerShell'
$CmdletAssembly = 'Overlord.PowerShell'
$PackageDir = Join-Path $OutDir 'package'
$NodeProject = Join-Path $Root 'src/Overlord.Service'

. (Join-Path $Root 'build/Package.ps1')
. (Join-Path $Root 'build/Help.ps1')
. (Join-Path $Root 'build/Sandbox.ps1')

$Usage = @'
usage: ./build.ps1 <task> [-Configuration Debug|Release] [-Smoke] [-Stop] [-SkipHelpCheck]

tasks:
  build    dotnet build Overlord.sln, then stage the module in out/module/Overlord with its help (en-US, from the
           doc comments; fails naming each cmdlet without synopsis, description, example or parameter help;
           -SkipHelpCheck makes that a warning, for local builds only)
  test     build, then run the xunit projects (dotnet test) and the Pester suites in tests/pester;
           ends with one line 'tests: N passed, N failed[, N skipped]'
  bench    run the BenchmarkDotNet benches, the chain macro bench, the 500-jail poll bench, the 1,000-deploy job bench
           and the module bench (Release unless -Configuration says otherwise)
  package  build, then in out/package: Overlord/ (the module for Publish-PSResource, with LICENSE),
           overlord-node-<version>-freebsd-x64.tar.gz (the node, its wrapper, rc.d script and sample config
           under usr/local; needs the .NET runtime from ports) and SHA256SUMS (Release unless -Configuration says otherwise)
  sandbox  build, then start five overlord-node processes on 127.0.0.1 (main -> alpha -> {bravo, charlie -> delta})
           on emulated jail hosts in out/sandbox, deploy the examples, print the result and leave them running
           (a second run while they run says so and changes nothing)
           -Stop: stop them and delete out/sandbox
           -Smoke: the same in out/sandbox-smoke, then examples/infra.Tests.ps1, then stop; exit 1 on any failure
  help     print this text

-Configuration defaults to Debug for build and test, Release for bench and package.
'@

function Write-Step([string] $Message) {
    Write-Host "==> $Message"
}

# Runs a native command and fails the build when it exits non-zero.
function Invoke-Native {
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @()
    )
    Write-Host "> $FilePath $($ArgumentList -join ' ')"
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' exited with code $LASTEXITCODE."
    }
}

# Reads one property from an MSBuild props file at the repository root.
function Get-MSBuildProperty([string] $File, [string] $Name) {
    $xml = [xml](Get-Content -LiteralPath (Join-Path $Root $File) -Raw)
    $node = $xml.SelectSingleNode("/Project/PropertyGroup/$Name")
    if ($null -eq $node -or [string]::IsNullOrWhiteSpace($node.InnerText)) {
        throw "$File has no <$Name> property."
    }
    $node.InnerText.Trim()
}

function Get-GlobalPackagesFolder {
    $line = & dotnet nuget locals global-packages --list
    if ($LASTEXITCODE -ne 0) {
        throw "'dotnet nuget locals global-packages --list' exited with code $LASTEXITCODE."
    }
    $match = [regex]::Match(($line -join "`n"), 'global-packages:\s*(.+)')
    if (-not $match.Success) {
        throw "Cannot read the NuGet global packages folder from: $line"
    }
    $match.Groups[1].Value.Trim()
}

# The command line that starts a new pwsh like this one. Under `dotnet pwsh` the process is the dotnet host
# running pwsh.dll, so the child needs that dll as its first argument.
function Get-PwshCommand {
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'pwsh') {
        return @{ FilePath = $process; Prefix = @() }
    }
    @{ FilePath = $process; Prefix = @(Join-Path $PSHOME 'pwsh.dll') }
}

function Invoke-BuildTask([string] $Configuration, [switch] $SkipHelpCheck) {
    Write-Step "build ($Configuration)"
    Invoke-Native dotnet @('build', $Solution, '-c', $Configuration, '--nologo')
    Publish-ModuleLayout $Configuration
    Publish-ModuleHelp $Configuration -SkipHelpCheck:$SkipHelpCheck
}

# out/module/Overlord/en-US/Overlord.PowerShell.dll-Help.xml from the doc comments (build/Help.ps1); fails the build
# naming every cmdlet whose help is incomplete.
function Publish-ModuleHelp([string] $Configuration, [switch] $SkipHelpCheck) {
    Write-Step 'generate cmdlet help'
    $docFile = Join-Path $CmdletProject "bin/$Configuration/net8.0/$CmdletAssembly.xml"
    $files = New-OverlordModuleHelp -ModulePath (Join-Path $ModuleDir 'Overlord.psd1') -DocumentationFile $docFile `
        -OutputDirectory (Join-Path $ModuleDir 'en-US') -SkipCheck:$SkipHelpCheck
    $files | ForEach-Object { Write-Host "help: $_" }
}

# Stages out/module/Overlord: the thin cmdlet assembly at the root, Core and every other runtime dependency in
# Dependencies/ (loaded in the module's private AssemblyLoadContext), the stamped manifest and the format file.
function Publish-ModuleLayout([string] $Configuration) {
    $version = Get-MSBuildProperty 'Directory.Build.props' 'ModuleVersion'
    $binDir = Join-Path $CmdletProject "bin/$Configuration/net8.0"
    if (-not (Test-Path -LiteralPath (Join-Path $binDir "$CmdletAssembly.dll"))) {
        throw "The build left no $CmdletAssembly.dll in $binDir."
    }
    Write-Step "stage module $version in $ModuleDir"
    if (Test-Path -LiteralPath $ModuleDir) {
        Remove-Item -LiteralPath $ModuleDir -Recurse -Force
    }
    $dependencies = Join-Path $ModuleDir 'Dependencies'
    $null = New-Item -ItemType Directory -Path $dependencies -Force

    foreach ($name in "$CmdletAssembly.dll", "$CmdletAssembly.pdb", 'Overlord.format.ps1xml') {
        Copy-Item -LiteralPath (Join-Path $binDir $name) -Destination $ModuleDir
    }
    # The runtime assemblies the deps file lists, not whatever an earlier build left in the folder.
    $deps = Get-Content -LiteralPath (Join-Path $binDir "$CmdletAssembly.deps.json") -Raw | ConvertFrom-Json -AsHashtable
    $runtime = foreach ($target in $deps.targets.Values) {
        foreach ($library in $target.Values) {
            if ($library.ContainsKey('runtime')) { $library.runtime.Keys | ForEach-Object { [IO.Path]::GetFileName($_) } }
        }
    }
    foreach ($name in $runtime | Where-Object { $_ -ne "$CmdletAssembly.dll" } | Sort-Object -Unique) {
        if ($name -like 'System.Management.Automation*') {
            throw "$name must not ship with the module: pwsh provides it."
        }
        $dll = Join-Path $binDir $name
        Copy-Item -LiteralPath $dll -Destination $dependencies
        $pdb = [IO.Path]::ChangeExtension($dll, '.pdb')
        if (Test-Path -LiteralPath $pdb) {
            Copy-Item -LiteralPath $pdb -Destination $dependencies
        }
    }
    foreach ($required in 'Overlord.Core.dll', 'YamlDotNet.dll') {
        if (-not (Test-Path -LiteralPath (Join-Path $dependencies $required))) {
            throw "Dependencies/$required is missing from the staged module."
        }
    }

    $template = Get-Content -LiteralPath (Join-Path $Root 'Overlord.psd1') -Raw
    $placeholder = '{{ModuleVersion}}'
    if (([regex]::Matches($template, [regex]::Escape($placeholder))).Count -ne 1) {
        throw "Overlord.psd1 must hold the placeholder $placeholder exactly once."
    }
    $manifest = Join-Path $ModuleDir 'Overlord.psd1'
    Set-Content -LiteralPath $manifest -Value $template.Replace($placeholder, $version) -NoNewline -Encoding utf8NoBOM
    $info = Test-ModuleManifest -Path $manifest
    if ($info.Version.ToString() -ne $version) {
        throw "The staged manifest says $($info.Version), Directory.Build.props says $version."
    }
}

# Sums the counters of every TRX file.
function Read-TrxCounts([string] $Directory) {
    $counts = [ordered]@{ Files = 0; Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($file in Get-ChildItem -LiteralPath $Directory -Filter '*.trx' -File -ErrorAction SilentlyContinue) {
        $xml = [xml](Get-Content -LiteralPath $file.FullName -Raw)
        $c = $xml.TestRun.ResultSummary.Counters
        $counts.Files++
        $counts.Passed += [int]$c.passed
        $counts.Failed += [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
        # xunit's skipped tests appear only as the difference between total and executed.
        $counts.Skipped += [int]$c.total - [int]$c.executed
    }
    $counts
}

function Invoke-TestTask([string] $Configuration) {
    Invoke-BuildTask $Configuration
    if (Test-Path -LiteralPath $TestResultsDir) {
        Remove-Item -LiteralPath $TestResultsDir -Recurse -Force
    }
    $null = New-Item -ItemType Directory -Path $TestResultsDir
    $problems = [Collections.Generic.List[string]]::new()

    Write-Step 'xunit (dotnet test)'
    $xunitResults = Join-Path $TestResultsDir 'xunit'
    # Directory.Build.targets turns OverlordTrx into one <project>.trx per test project.
    $testArgs = @('test', $Solution, '--no-build', '-c', $Configuration, '--nologo', "-p:OverlordTrx=$xunitResults")
    Write-Host "> dotnet $($testArgs -join ' ')"
    & dotnet @testArgs | Out-Host
    $xunitExit = $LASTEXITCODE
    $xunit = Read-TrxCounts $xunitResults
    $testProjects = @(Get-ChildItem -Path (Join-Path $Root 'tests/*/*.Tests.csproj') -File)
    if ($xunit.Files -ne $testProjects.Count) {
        $problems.Add("dotnet test wrote $($xunit.Files) TRX files for $($testProjects.Count) test projects (exit code $xunitExit).")
    }
    elseif ($xunitExit -ne 0 -and $xunit.Failed -eq 0) {
        $problems.Add("dotnet test exited with code $xunitExit although no test failed: a runner or test host failed.")
    }

    Write-Step 'Pester'
    $pester = Invoke-PesterSuites
    if ($null -eq $pester) {
        $problems.Add('The Pester run wrote no counts: the runner failed.')
        $pester = @{ passed = 0; failed = 0; skipped = 0 }
    }

    $passed = $xunit.Passed + $pester.passed
    $failed = $xunit.Failed + $pester.failed
    $skipped = $xunit.Skipped + $pester.skipped
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped ($($xunit.Files) TRX files in $xunitResults)"
    Write-Host "pester: $($pester.passed) passed, $($pester.failed) failed, $($pester.skipped) skipped"
    foreach ($problem in $problems) {
        Write-Host "error: $problem"
    }
    $line = "tests: $passed passed, $failed failed"
    if ($skipped -gt 0) {
        $line += ", $skipped skipped"
    }
    Write-Host $line
    if ($failed -gt 0 -or $problems.Count -gt 0) { 1 } else { 0 }
}

# Runs every tests/pester/*.Tests.ps1 with Pester in a child pwsh; returns its counts, or $null if it wrote none.
function Invoke-PesterSuites {
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/pester/PesterPackages.csproj'), '--nologo')
    $pesterVersion = Get-MSBuildProperty 'Directory.Packages.props' 'PesterVersion'
    $pesterManifest = Join-Path (Get-GlobalPackagesFolder) "pester/$pesterVersion/tools/Pester.psd1"
    if (-not (Test-Path -LiteralPath $pesterManifest)) {
        throw "Pester $pesterVersion is not in the NuGet global packages folder ($pesterManifest)."
    }
    $countsFile = Join-Path $TestResultsDir 'pester-counts.json'
    $pwsh = Get-PwshCommand
    $arguments = @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tests/pester/Invoke-PesterSuites.ps1'),
        '-PesterManifest', $pesterManifest,
        '-ResultPath', (Join-Path $TestResultsDir 'pester.xml'),
        '-CountsPath', $countsFile,
        '-TestDirectory', (Join-Path $Root 'tests/pester'))
    Write-Host '> pwsh tests/pester/Invoke-PesterSuites.ps1'
    & $pwsh.FilePath @arguments | Out-Host
    $exit = $LASTEXITCODE
    if (-not (Test-Path -LiteralPath $countsFile)) {
        Write-Host "The Pester runner exited with code $exit and wrote no counts."
        return $null
    }
    $counts = Get-Content -LiteralPath $countsFile -Raw | ConvertFrom-Json -AsHashtable
    if ($exit -ne 0 -and $counts.failed -eq 0) {
        Write-Host "The Pester runner exited with code $exit although nothing failed."
        return $null
    }
    $counts
}

function Invoke-BenchTask([string] $Configuration) {
    Write-Step "bench ($Configuration)"
    $artifacts = Join-Path $OutDir 'bench'
    # --join runs every bench in one summary; Program.cs selects all of them and fails when none ran.
    Invoke-Native dotnet @('run', '-c', $Configuration, '--project', (Join-Path $Root 'bench/Overlord.Benchmarks'), '--',
        '--join', '--artifacts', $artifacts, '--exporters', 'json', 'github')

    # Loopback macro bench of real node processes (labels direct and through chains, dead tail, start, RSS).
    foreach ($project in 'src/Overlord.Service', 'bench/Overlord.LoadGen') {
        Invoke-Native dotnet @('build', (Join-Path $Root $project), '-c', $Configuration, '--nologo')
    }
    $macro = @{
        NodeDll = Join-Path $Root "src/Overlord.Service/bin/$Configuration/net10.0/overlord-node.dll"
        LoadGenDll = Join-Path $Root "bench/Overlord.LoadGen/bin/$Configuration/net10.0/overlord-loadgen.dll"
        OutFile = Join-Path $artifacts 'chain-macro.json'
    }
    & (Join-Path $Root 'bench/ChainMacroBench.ps1') @macro

    # Poll cycles over 500 emulated jails. The emulator is compiled natively so that the figures show the node's
    # polling, not the .NET start-up of thousands of emulator processes (~60 ms each with the JIT, ~5 ms native).
    $native = Join-Path $OutDir 'emu-native'
    $emulatorArgs = @()
    & dotnet publish (Join-Path $Root 'tests/emulators/Overlord.Emulators') -c Release -r linux-x64 --nologo `
        -p:PublishAot=true -p:CppCompilerAndLinker=gcc -o $native
    if ($LASTEXITCODE -eq 0) {
        $emulatorArgs = @('--emulator', (Join-Path $native 'overlord-emu'))
    }
    else {
        Write-Warning 'native emulator build failed (needs gcc); the jail poll bench runs the JIT emulator'
    }
    $pollBench = @('run', '-c', $Configuration, '--project', (Join-Path $Root 'bench/Overlord.JailPollBench'), '--',
        '--jails', '500', '--cycles', '3', '--out', (Join-Path $artifacts 'jail-poll.json')) + $emulatorArgs
    Invoke-Native dotnet $pollBench

    # 1,000 project deploys through the API: accept rate, accept -> RUNNING, scheduling overhead, drain time, RSS.
    $jobBench = @('run', '-c', $Configuration, '--project', (Join-Path $Root 'bench/Overlord.JobBench'), '--',
        '--jobs', '1000', '--out', (Join-Path $artifacts 'job-bench.json')) + $emulatorArgs
    Invoke-Native dotnet $jobBench

    # The module as users meet it: Import-Module in a fresh pwsh, first and warm Get-OverlordLabel, and
    # New-OverlordDeployment to 4 nodes until Wait-OverlordDeployment returns. Stages the module (with help) first.
    Invoke-BuildTask $Configuration
    $moduleBench = @{
        ModuleManifest = Join-Path $ModuleDir 'Overlord.psd1'
        OutFile = Join-Path $artifacts 'module-bench.json'
        Configuration = $Configuration
    }
    if ($emulatorArgs.Count -gt 0) { $moduleBench.Emulator = $emulatorArgs[1] }
    & (Join-Path $Root 'bench/ModuleBench.ps1') @moduleBench
}

# out/package: the module folder, the FreeBSD archive of the node and its checksum (build/Package.ps1 does the work).
function Invoke-PackageTask([string] $Configuration) {
    Invoke-BuildTask $Configuration
    $version = Get-MSBuildProperty 'Directory.Build.props' 'ModuleVersion'
    if (Test-Path -LiteralPath $PackageDir) {
        Remove-Item -LiteralPath $PackageDir -Recurse -Force
    }
    $null = New-Item -ItemType Directory -Path $PackageDir

    Write-Step "package module $version"
    $module = New-OverlordModulePackage -ModuleDirectory $ModuleDir -LicenseFile (Join-Path $Root 'LICENSE') -Destination $PackageDir
    Write-Host "Test-ModuleManifest: $module OK"

    # Framework-dependent and without a RID: the SDK has no freebsd-x64 runtime pack, and FreeBSD runs the dll with
    # the .NET runtime from ports (lang/dotnet). No apphost: a Linux ELF launcher would be useless there.
    Write-Step "publish overlord-node $version ($Configuration)"
    $publish = Join-Path $OutDir 'publish/overlord-node'
    if (Test-Path -LiteralPath $publish) {
        Remove-Item -LiteralPath $publish -Recurse -Force
    }
    Invoke-Native dotnet @('publish', $NodeProject, '-c', $Configuration, '--nologo', '-p:UseAppHost=false', '-o', $publish)

    Write-Step 'pack the FreeBSD archive'
    $archive = New-OverlordNodeArchive -PublishDirectory $publish -Version $version -RepoRoot $Root -Destination $PackageDir
    Write-Host "$archive"
    Get-Content -LiteralPath (Join-Path $PackageDir 'SHA256SUMS') | Out-Host
}

$exitCode = 0
try {
    switch ($Task) {
        'build' { Invoke-BuildTask ($Configuration ? $Configuration : 'Debug') -SkipHelpCheck:$SkipHelpCheck }
        'test' { $exitCode = Invoke-TestTask ($Configuration ? $Configuration : 'Debug') }
        'bench' { Invoke-BenchTask ($Configuration ? $Configuration : 'Release') }
        'package' { Invoke-PackageTask ($Configuration ? $Configuration : 'Release') }
        'help' { Write-Host $Usage }
        'sandbox' {
            $sandboxConfiguration = $Configuration ? $Configuration : 'Debug'
            $sandboxDir = Join-Path $OutDir ($Smoke ? 'sandbox-smoke' : 'sandbox')
            # A running sandbox is not rebuilt under its nodes: Invoke-OverlordSandbox only says so.
            if (-not $Stop -and ($Smoke -or -not (Test-OverlordSandboxRunning $sandboxDir))) { Invoke-BuildTask $sandboxConfiguration }
            $exitCode = Invoke-OverlordSandbox -Directory $sandboxDir `
                -ModuleManifest (Join-Path $ModuleDir 'Overlord.psd1') -Configuration $sandboxConfiguration -Smoke:$Smoke -Stop:$Stop
        }
        default {
            $what = [string]::IsNullOrEmpty($Task) ? 'no task given' : "unknown task '$Task'"
            Write-Host "build.ps1: $what.`n"
            Write-Host $Usage
            $exitCode = 2
        }
    }
}
catch {
    Write-Host "build.ps1: $Task failed: $($_.Exception.Message)"
    Write-Host $_.ScriptStackTrace
    $exitCode = 1
}
exit $exitCode
