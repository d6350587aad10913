# The help step of `./build.ps1 build`: MAML help (en-US/<dll>-Help.xml) generated from the cmdlet assembly's XML
# doc comments by build/HelpGen.ps1. Dot-source it; it defines functions only.

Set-StrictMode -Version 3.0

# Writes the help of the cmdlets of the module at ModulePath into OutputDirectory and returns the files written.
# The generator runs in a child pwsh because it imports the module, which would lock its dll in this session.
# Fails, naming each cmdlet and what it lacks, when a cmdlet has no synopsis, description or example or an
# undocumented parameter; -SkipCheck turns those failures into warnings (local use only, never in test/package).
function New-OverlordModuleHelp {
    param(
        # The manifest or cmdlet dll to import.
        [Parameter(Mandatory)] [string] $ModulePath,
        # The compiler's XML documentation file of the cmdlet assembly.
        [Parameter(Mandatory)] [string] $DocumentationFile,
        # en-US beside the cmdlet dll.
        [Parameter(Mandatory)] [string] $OutputDirectory,
        [switch] $SkipCheck
    )
    # The child resolves nothing against this session's location: hand it full paths.
    $ModulePath, $DocumentationFile, $OutputDirectory = foreach ($path in $ModulePath, $DocumentationFile, $OutputDirectory) {
        $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($path)
    }
    $process = [Environment]::ProcessPath
    # Under `dotnet pwsh` the process is the dotnet host running pwsh.dll, so the child needs that dll first.
    $prefix = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'pwsh') { @() } else { @(Join-Path $PSHOME 'pwsh.dll') }
    $arguments = @($prefix) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'HelpGen.ps1'),
        '-ModulePath', $ModulePath, '-DocumentationFile', $DocumentationFile, '-OutputDirectory', $OutputDirectory)
    if ($SkipCheck) {
        $arguments += '-SkipCheck'
    }
    $output = @(& $process @arguments 2>&1 | ForEach-Object { "$_" })
    $exit = $LASTEXITCODE
    foreach ($line in $output | Where-Object { $_ -like 'warning: *' }) {
        Write-Warning $line.Substring(9)
    }
    if ($exit -ne 0) {
        $errors = @($output | Where-Object { $_ -notlike 'warning: *' -and $_ -notlike 'wrote: *' } | ForEach-Object { $_ -replace '^error: ', '' })
        throw "Help generation failed (exit code $exit):`n$($errors -join "`n")"
    }
    @($output | Where-Object { $_ -like 'wrote: *' } | ForEach-Object { $_.Substring(7) })
}
