# `./build.ps1 sandbox`: a local five-node tree on 127.0.0.1 with emulated jail hosts, the examples deployed on it,
# left running for the user (-Smoke: checked with examples/infra.Tests.ps1, then stopped; -Stop: stopped).
# Dot-sourced by build.ps1; the functions take every path as a parameter so tests can run a sandbox in a temp dir.

# main [entry] → alpha [web, db] → { bravo [web], charlie [db] → delta [web, web.public] }: web lands on three nodes
# at three depths, db on two, and the entry node runs nothing.
$script:SandboxLayout = @(
    @{ Name = 'main'; Labels = 'all', 'entry' }
    @{ Name = 'alpha'; Labels = 'all', 'web', 'db'; Parent = 'main' }
    @{ Name = 'bravo'; Labels = 'all', 'web'; Parent = 'alpha' }
    @{ Name = 'charlie'; Labels = 'all', 'db'; Parent = 'alpha' }
    @{ Name = 'delta'; Labels = 'all', 'web', 'web.public'; Parent = 'charlie' }
)

# The examples the sandbox deploys, in order (templates.yml stores the template that appconfig.yml renders).
$script:SandboxSpecs = 'web.yml', 'db.yml', 'metadata.yml', 'templates.yml', 'appconfig.yml'

function Get-SandboxRepoRoot { Split-Path -Parent $PSScriptRoot }

function Write-SandboxStep([string] $Message) { Write-Host "==> $Message" }

# Prints objects as a table on the host (the sandbox is a console command; its output is for people).
function Show-SandboxTable([string] $Title, [object[]] $Objects, [object[]] $Property) {
    Write-Host ''
    Write-Host "--- $Title"
    if (-not $Objects -or $Objects.Count -eq 0) { Write-Host '(none)'; return }
    if ($Property) { $Objects | Format-Table -Property $Property -AutoSize | Out-String -Width 160 | Write-Host }
    else { $Objects | Format-Table -AutoSize | Out-String -Width 160 | Write-Host }
}

# The instructions printed at the end of a sandbox start (and by a second `sandbox` while one runs).
function Write-SandboxInstructions([string] $Directory, [object] $Root, [string] $ModuleManifest) {
    $tokenFile = $Root.TokenPath
    Write-Host ''
    Write-Host "The sandbox is running: 5 overlord-node processes on 127.0.0.1 (state: $(Join-Path $Directory 'tree.json'))."
    Write-Host 'Connect from another pwsh (`dotnet pwsh`):'
    Write-Host "    Import-Module '$ModuleManifest'"
    Write-Host "    Connect-OverlordNode -Uri $($Root.Uri.GetLeftPart([UriPartial]::Authority)) -Token (Get-Content -Raw '$tokenFile')"
    Write-Host "  or dot-source the same two lines: . '$(Join-Path $Directory 'connect.ps1')'"
    Write-Host "Token of the root node: $tokenFile (mode 0600; each node's token is in $Directory/<node>/token)."
    Write-Host "Logs: $Directory/<node>/node.log; emulated hosts (jails, Director projects, journal): $Directory/<node>/host."
    # pwsh does not ship Pester; point at the copy the test task restores, so the line works as printed.
    $pester = try { Get-SandboxPesterManifest } catch { $null }
    if ($pester) {
        Write-Host "Check it:  Import-Module '$pester'; Invoke-Pester ./examples/infra.Tests.ps1 (after connecting; from the repository root)"
    }
    else {
        Write-Host 'Check it:  Invoke-Pester ./examples/infra.Tests.ps1 (Pester 5+; after connecting; from the repository root)'
    }
    Write-Host 'Stop it:   dotnet pwsh ./build.ps1 sandbox -Stop'
}

<#
    Starts the sandbox tree in $Directory, deploys the examples and prints the result. Returns the node objects.
    Throws when a node does not start or a deployment does not end COMPLETED (the tree is left to the caller).
#>
function Start-OverlordSandbox {
    param(
        [Parameter(Mandatory)] [string] $Directory,
        [Parameter(Mandatory)] [string] $ModuleManifest,
        [string] $Configuration = 'Debug',
        [int] $WaitSeconds = 60
    )
    $repo = Get-SandboxRepoRoot
    Import-Module (Join-Path $repo 'build/OverlordTree.psm1') -Force -Scope Global
    Write-SandboxStep "start 5 nodes in $Directory"
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $nodes = @(Start-OverlordTree -Directory $Directory -Nodes $script:SandboxLayout -Configuration $Configuration)
    $root = $nodes[0]
    Write-Host "ready in $([math]::Round($watch.Elapsed.TotalSeconds, 1)) s"
    Show-SandboxTable 'nodes' $nodes 'Name', 'Chain', @{ n = 'Labels'; e = { $_.Labels -join ', ' } }, 'Uri', 'Pid', 'LogPath'

    $connect = @(
        '# Written by ./build.ps1 sandbox: dot-source it to import the built module and connect to the sandbox root.',
        "Import-Module '$ModuleManifest'",
        "Connect-OverlordNode -Uri '$($root.Uri.GetLeftPart([UriPartial]::Authority))' -Token (Get-Content -Raw '$($root.TokenPath)')"
    )
    Set-Content -LiteralPath (Join-Path $Directory 'connect.ps1') -Value $connect -Encoding utf8NoBOM

    Import-Module $ModuleManifest -Force -Scope Global
    Connect-OverlordNode -Uri $root.Uri -Token $root.Token
    $deployments = @(Invoke-SandboxDeployment -Root $root -WaitSeconds $WaitSeconds)
    Show-SandboxState -Nodes $nodes -Deployments $deployments -WaitSeconds $WaitSeconds
    $nodes
}

# Deploys the examples through the connected root; throws unless every deployment ends COMPLETED.
function Invoke-SandboxDeployment {
    param([Parameter(Mandatory)] [object] $Root, [int] $WaitSeconds = 60)
    $repo = Get-SandboxRepoRoot
    if (-not (Get-Command New-OverlordDeployment -ErrorAction SilentlyContinue)) {
        Write-Warning 'This build has no New-OverlordDeployment: the examples are not deployed.'
        return
    }
    # The examples read these with !ENV; MAKEJAILS sends the emulated Directors to local Makejails (no network).
    $env:OVERLORD_ENTRYPOINT = $Root.Uri.GetLeftPart([UriPartial]::Authority)
    $env:OVERLORD_TOKEN = $Root.Token
    $env:MAKEJAILS = Join-Path $repo 'examples/makejails'

    $all = [System.Collections.Generic.List[object]]::new()
    $failures = [System.Collections.Generic.List[string]]::new()
    foreach ($name in $script:SandboxSpecs) {
        $path = Join-Path $repo "examples/$name"
        Write-SandboxStep "deploy examples/$name"
        $errors = $null
        $deployments = @(New-OverlordDeployment -Path $path -ErrorVariable errors -ErrorAction SilentlyContinue)
        foreach ($e in @($errors)) { $failures.Add("${name}: $($e.Exception.Message)") }
        if ($deployments.Count -eq 0 -and @($errors).Count -eq 0) { $failures.Add("${name}: no target matched.") }
        # Metadata is written at once (Status Written, no job); projects queue a job to wait for.
        foreach ($d in $deployments | Where-Object { $null -eq $_.JobId }) {
            $all.Add([pscustomobject]@{ Spec = $name; Project = $d.Project; Kind = $d.Kind; Chain = $d.Chain; Status = $d.Status; JobId = $null })
            if ($d.Status -ne 'Written') { $failures.Add("${name}: $($d.Project) on '$($d.Address)' is $($d.Status): $($d.Message)") }
        }
        $jobs = @($deployments | Where-Object { $null -ne $_.JobId })
        if ($jobs.Count -eq 0) { continue }
        $waitErrors = $null
        $done = @($jobs | Wait-OverlordDeployment -Timeout $WaitSeconds -PollInterval 0.25 -ErrorVariable waitErrors -ErrorAction SilentlyContinue)
        foreach ($e in @($waitErrors)) { $failures.Add("${name}: $($e.Exception.Message)") }
        if ($done.Count -ne $jobs.Count) { $failures.Add("${name}: $($jobs.Count) job(s) queued, $($done.Count) ended.") }
        foreach ($d in $done) {
            $all.Add([pscustomobject]@{ Spec = $name; Project = $d.Project; Kind = $d.Kind; Chain = $d.Chain; Status = $d.Status; JobId = $d.JobId })
            if ($d.Status -ne 'COMPLETED') {
                $failures.Add("${name}: $($d.Project) on '$($d.Address)' ended $($d.Status): $($d.Message)")
            }
        }
    }
    Show-SandboxTable 'deployments' $all.ToArray() 'Spec', 'Project', 'Kind', 'Chain', 'Status', 'JobId'
    if ($failures.Count -gt 0) {
        throw "sandbox deployments failed:`n  $($failures -join "`n  ")"
    }
    $all.ToArray()
}

# Prints the tree, labels, projects and metadata as the cmdlets return them. Waits (up to WaitSeconds) until each
# node's project poller lists the deployed projects, so the tables show them.
function Show-SandboxState {
    param([Parameter(Mandatory)] [object[]] $Nodes, [object[]] $Deployments = @(), [int] $WaitSeconds = 60)
    Show-SandboxTable 'Get-OverlordChain -Tree' @(Get-OverlordChain -Tree) 'Path', 'Depth', @{ n = 'Labels'; e = { $_.Labels -join ', ' } }, 'Error'
    $labels = foreach ($n in $Nodes) {
        [pscustomobject]@{ Chain = $n.Chain; Labels = (@(Get-OverlordLabel -Chain $n.Chain) | ForEach-Object Name) -join ', ' }
    }
    Show-SandboxTable 'Get-OverlordLabel -Chain <each chain>' @($labels) 'Chain', 'Labels'

    # Every project a create job completed should be listed with its Director state.
    $expected = @($Deployments | Where-Object { $_.Kind -eq 'create' -and $_.Status -eq 'COMPLETED' } |
            ForEach-Object { "$($_.Chain)/$($_.Project)" } | Sort-Object -Unique)
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    do {
        $projects = @($Nodes | ForEach-Object { Get-OverlordProject -Chain $_.Chain -ErrorAction SilentlyContinue })
        $listed = @($projects | Where-Object State | ForEach-Object { "$($_.Chain)/$($_.Name)" })
        if (@($expected | Where-Object { $listed -notcontains $_ }).Count -eq 0) { break }
        Start-Sleep -Milliseconds 500
    } while ($watch.Elapsed.TotalSeconds -lt $WaitSeconds)
    Show-SandboxTable 'Get-OverlordProject -Chain <each chain>' $projects 'Chain', 'Name', 'State', 'Status', 'LastAction', 'LastJobId', 'LastLog'
    $metadata = @($Nodes | ForEach-Object { Get-OverlordMetadata -Chain $_.Chain -ErrorAction SilentlyContinue })
    Show-SandboxTable 'Get-OverlordMetadata -Chain <each chain>' $metadata 'Chain', 'Key'
}

# The Pester module restored for the test task (tests/pester/PesterPackages.csproj).
function Get-SandboxPesterManifest {
    $repo = Get-SandboxRepoRoot
    $xml = [xml](Get-Content -LiteralPath (Join-Path $repo 'Directory.Packages.props') -Raw)
    $version = $xml.SelectSingleNode('/Project/PropertyGroup/PesterVersion').InnerText.Trim()
    $line = & dotnet nuget locals global-packages --list
    $folder = ([regex]::Match(($line -join "`n"), 'global-packages:\s*(.+)')).Groups[1].Value.Trim()
    $manifest = Join-Path $folder "pester/$version/tools/Pester.psd1"
    if (-not (Test-Path -LiteralPath $manifest)) {
        & dotnet restore (Join-Path $repo 'tests/pester/PesterPackages.csproj') --nologo | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "dotnet restore of tests/pester/PesterPackages.csproj exited with $LASTEXITCODE." }
    }
    if (-not (Test-Path -LiteralPath $manifest)) { throw "Pester $version is not in the NuGet global packages folder ($manifest)." }
    $manifest
}

# True when every node of the sandbox in $Directory runs (build.ps1 then skips the build: nothing is restarted).
function Test-OverlordSandboxRunning([string] $Directory) {
    Import-Module (Join-Path (Get-SandboxRepoRoot) 'build/OverlordTree.psm1') -Force -Scope Global
    $nodes = @(Get-OverlordTree -Directory $Directory)
    $nodes.Count -gt 0 -and @($nodes | Where-Object Running).Count -eq $nodes.Count
}

<#
    The sandbox end to end. Without switches: start (unless one runs), deploy, print, leave it running. -Stop: stop
    it and delete its directory. -Smoke: start, deploy, run examples/infra.Tests.ps1, always stop; returns non-zero
    on any failure. Returns the process exit code. Building is the caller's job (build.ps1 builds first).
#>
function Invoke-OverlordSandbox {
    param(
        [Parameter(Mandatory)] [string] $Directory,
        [Parameter(Mandatory)] [string] $ModuleManifest,
        [string] $Configuration = 'Debug',
        [switch] $Smoke,
        [switch] $Stop,
        # -Smoke: where the infra tests write their NUnit XML result.
        [string] $ResultPath,
        [string] $PesterManifest
    )
    $repo = Get-SandboxRepoRoot
    Import-Module (Join-Path $repo 'build/OverlordTree.psm1') -Force -Scope Global
    $Directory = [IO.Path]::GetFullPath($Directory)

    if ($Stop) {
        $stopped = @(Stop-OverlordTree -Directory $Directory -Remove)
        if ($stopped.Count -eq 0) { Write-Host "No sandbox was running in $Directory." }
        else { Write-Host "Stopped $($stopped.Count) node(s) ($($stopped -join ', ')) and removed $Directory." }
        return 0
    }

    $existing = @(Get-OverlordTree -Directory $Directory)
    $running = @($existing | Where-Object Running)
    if (-not $Smoke -and $existing.Count -gt 0 -and $running.Count -eq $existing.Count) {
        # A second `sandbox` does not restart a healthy one (its jobs and metadata would be lost): it says so.
        Write-Host "A sandbox is already running in $Directory (pids $(($running | ForEach-Object Pid) -join ', ')); not restarted."
        Write-Host 'To rebuild and restart it: dotnet pwsh ./build.ps1 sandbox -Stop; dotnet pwsh ./build.ps1 sandbox'
        Write-SandboxInstructions $Directory $existing[0] $ModuleManifest
        return 0
    }
    if ($existing.Count -gt 0) {
        # Partly dead (or a smoke run over a leftover): stop what is left and start clean.
        Write-Host "Restarting the sandbox in ${Directory}: $($existing.Count - $running.Count) of $($existing.Count) nodes were not running."
        $null = Stop-OverlordTree -Directory $Directory -Remove
    }
    elseif (Test-Path -LiteralPath $Directory) {
        Remove-Item -LiteralPath $Directory -Recurse -Force
    }

    if (-not $Smoke) {
        try {
            $nodes = Start-OverlordSandbox -Directory $Directory -ModuleManifest $ModuleManifest -Configuration $Configuration
        }
        catch {
            Write-Host "sandbox: $($_.Exception.Message)"
            Write-Host "The nodes keep running for inspection; logs: $Directory/<node>/node.log. Stop them: dotnet pwsh ./build.ps1 sandbox -Stop"
            return 1
        }
        Write-SandboxInstructions $Directory $nodes[0] $ModuleManifest
        return 0
    }

    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $exit = 1
    try {
        $nodes = Start-OverlordSandbox -Directory $Directory -ModuleManifest $ModuleManifest -Configuration $Configuration
        Write-SandboxStep 'examples/infra.Tests.ps1'
        if (-not $PesterManifest) { $PesterManifest = Get-SandboxPesterManifest }
        Import-Module $PesterManifest -Force -Scope Global
        $container = New-PesterContainer -Path (Join-Path $repo 'examples/infra.Tests.ps1') -Data @{
            Uri = $nodes[0].Uri.GetLeftPart([UriPartial]::Authority); Token = $nodes[0].Token
        }
        $config = New-PesterConfiguration
        $config.Run.Container = $container
        $config.Run.PassThru = $true
        $config.Output.Verbosity = 'Detailed'
        if ($ResultPath) {
            $config.TestResult.Enabled = $true
            $config.TestResult.OutputFormat = 'NUnitXml'
            $config.TestResult.OutputPath = $ResultPath
        }
        $result = Invoke-Pester -Configuration $config
        Write-Host "infra tests: $($result.PassedCount) passed, $($result.FailedCount) failed"
        if ($result.Result -eq 'Passed' -and $result.FailedCount -eq 0 -and $result.PassedCount -gt 0) { $exit = 0 }
    }
    catch {
        Write-Host "sandbox smoke failed: $($_.Exception.Message)"
    }
    finally {
        if (Get-Command Disconnect-OverlordNode -ErrorAction SilentlyContinue) { Disconnect-OverlordNode }
        $stopped = @(Stop-OverlordTree -Directory $Directory -Remove)
        Write-Host "stopped $($stopped.Count) node(s); smoke took $([math]::Round($watch.Elapsed.TotalSeconds, 1)) s: $(if ($exit -eq 0) { 'PASSED' } else { 'FAILED' })"
    }
    $exit
}
