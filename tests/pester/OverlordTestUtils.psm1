# Shared helpers for the Pester suites. The suites test the BUILT module in out/module/Overlord, never the sources.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-OverlordRepoRoot {
    $script:RepoRoot
}

# out/module/Overlord, as staged by `./build.ps1 build`.
function Get-BuiltModuleDirectory {
    $dir = Join-Path $script:RepoRoot 'out/module/Overlord'
    if (-not (Test-Path -LiteralPath (Join-Path $dir 'Overlord.psd1'))) {
        throw "The built module is missing from ${dir}: run './build.ps1 build' first."
    }
    $dir
}

function Get-BuiltModuleManifest {
    Join-Path (Get-BuiltModuleDirectory) 'Overlord.psd1'
}

function Import-BuiltOverlordModule {
    # -Global: imported from inside this module, it would otherwise be visible here only.
    Import-Module -Name (Get-BuiltModuleManifest) -Global -Force -PassThru -ErrorAction Stop
}

# Spec files in examples/: every *.yml except node config files, which are named overlord*.yml.
function Get-ExampleSpecFile {
    Get-ChildItem -LiteralPath (Join-Path $script:RepoRoot 'examples') -Filter '*.yml' -File |
        Where-Object Name -notlike 'overlord*.yml' |
        Sort-Object Name
}

# One property of an MSBuild props file at the repository root.
function Get-MSBuildProperty([string] $File, [string] $Name) {
    $xml = [xml](Get-Content -LiteralPath (Join-Path $script:RepoRoot $File) -Raw)
    $node = $xml.SelectSingleNode("/Project/PropertyGroup/$Name")
    if ($null -eq $node) {
        throw "$File has no <$Name> property."
    }
    $node.InnerText.Trim()
}

# The folder of a package in the NuGet global packages folder (restored by tests/pester/PesterPackages.csproj).
function Get-NuGetPackageDirectory([string] $Id, [string] $Version) {
    $line = & dotnet nuget locals global-packages --list
    if ($LASTEXITCODE -ne 0) {
        throw "'dotnet nuget locals global-packages --list' exited with code $LASTEXITCODE."
    }
    $folder = ([regex]::Match(($line -join "`n"), 'global-packages:\s*(.+)')).Groups[1].Value.Trim()
    $dir = Join-Path $folder "$($Id.ToLowerInvariant())/$Version"
    if (-not (Test-Path -LiteralPath $dir)) {
        throw "Package $Id $Version is not restored in ${folder}: run 'dotnet restore tests/pester/PesterPackages.csproj'."
    }
    $dir
}

# Imports build/OverlordTree.psm1 (Start-OverlordTree, Stop-OverlordTree, Stop-OverlordTreeNode, Get-OverlordTree)
# into the global scope, so a test file's blocks see its functions.
function Import-OverlordTreeModule {
    Import-Module (Join-Path $script:RepoRoot 'build/OverlordTree.psm1') -Force -Global
}

# Runs a script file in a new pwsh process (like this one: under `dotnet pwsh` the process is the dotnet host
# running pwsh.dll) and returns its standard output; throws with the whole output when it exits non-zero.
function Invoke-ChildPwsh {
    param(
        [Parameter(Mandatory)] [string] $ScriptPath,
        [string[]] $ArgumentList = @()
    )
    $process = [Environment]::ProcessPath
    $prefix = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'pwsh') { @() } else { @(Join-Path $PSHOME 'pwsh.dll') }
    $arguments = @($prefix) + @('-NoProfile', '-NonInteractive', '-File', $ScriptPath) + $ArgumentList
    $output = & $process @arguments 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "The child pwsh exited with code ${LASTEXITCODE}:`n$($output -join "`n")"
    }
    $output | ForEach-Object { "$_" }
}

Export-ModuleMember -Function Get-OverlordRepoRoot, Get-BuiltModuleDirectory, Get-BuiltModuleManifest,
    Import-BuiltOverlordModule, Import-OverlordTreeModule, Get-ExampleSpecFile, Get-MSBuildProperty, Get-NuGetPackageDirectory, Invoke-ChildPwsh
