# Starts and stops a tree of overlord-node processes on 127.0.0.1, each with its own directory, config, secret, token,
# serverid, free port, log file and (by default) its own emulated jail host (tests/emulators: overlord-emu).
# Used by `./build.ps1 sandbox` and by the Pester suites; the one implementation of "start real nodes".
#
#   $nodes = Start-OverlordTree -Directory /tmp/t -Nodes @(
#       @{ Name = 'main';  Labels = 'all', 'entry' }
#       @{ Name = 'alpha'; Labels = 'all', 'web'; Parent = 'main' })
#   $nodes[0].Uri; $nodes[0].Token          # connect to the root
#   $nodes | Where-Object Name -eq alpha | Stop-OverlordTreeNode   # kill one node
#   Stop-OverlordTree -Directory /tmp/t -Remove
#
# Nodes run in their own session (setsid) with output in <dir>/<name>/node.log, so they outlive the pwsh that
# started them; <Directory>/tree.json records them so Stop-OverlordTree stops exactly those processes.

Set-StrictMode -Version 3.0

$script:RepoRoot = Split-Path -Parent $PSScriptRoot
$script:StateFileName = 'tree.json'
$script:NamePattern = '^[A-Za-z0-9_-]+$'
# The kill(1) program, not a shell alias: it signals process groups (kill -TERM -- -PGID).
$script:KillCommand = (Get-Command kill -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source

# The default polling of a tree node: short sleeps so a deployment shows up in the project list within seconds, but
# not so short that five nodes keep two cores busy running emulator processes.
$script:DefaultPolling = [ordered]@{
    skew = '[0, 1]'
    projects = 2; project_info = 2; jails = 3; jail_info = 5; jail_extras = 10; jail_stats = 10; autoscale = 30
}

# The first built file among Debug and Release (or the given configuration).
function Find-BuiltFile([string] $Relative, [string] $Configuration) {
    $configurations = if ($Configuration) { @($Configuration) } else { @('Debug', 'Release') }
    foreach ($c in $configurations) {
        $path = Join-Path $script:RepoRoot ($Relative -f $c)
        if (Test-Path -LiteralPath $path) { return $path }
    }
    $null
}

function Get-NodeDll([string] $NodeDll, [string] $Configuration) {
    if ($NodeDll) {
        if (-not (Test-Path -LiteralPath $NodeDll)) { throw "-NodeDll: '$NodeDll' does not exist." }
        return (Resolve-Path -LiteralPath $NodeDll).ProviderPath
    }
    $found = Find-BuiltFile 'src/Overlord.Service/bin/{0}/net10.0/overlord-node.dll' $Configuration
    if (-not $found) { throw 'overlord-node.dll is not built: run ./build.ps1 build first (or pass -NodeDll).' }
    $found
}

function Get-EmulatorDll([string] $EmulatorDll, [string] $Configuration) {
    if ($EmulatorDll) {
        if (-not (Test-Path -LiteralPath $EmulatorDll)) { throw "-EmulatorDll: '$EmulatorDll' does not exist." }
        return (Resolve-Path -LiteralPath $EmulatorDll).ProviderPath
    }
    $found = Find-BuiltFile 'tests/emulators/Overlord.Emulators/bin/{0}/net10.0/overlord-emu.dll' $Configuration
    if (-not $found) { throw 'overlord-emu.dll is not built: run ./build.ps1 build first (or pass -EmulatorDll).' }
    $found
}

# Runs dotnet with arguments, returns stdout; throws with stderr when it fails.
function Invoke-Dotnet([string[]] $ArgumentList) {
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in $ArgumentList) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $p = [System.Diagnostics.Process]::Start($psi)
    try {
        $errTask = $p.StandardError.ReadToEndAsync()
        $out = $p.StandardOutput.ReadToEnd()
        $p.WaitForExit()
        if ($p.ExitCode -ne 0) {
            throw "'dotnet $($ArgumentList -join ' ')' exited with $($p.ExitCode): $($errTask.GetAwaiter().GetResult())"
        }
        $out
    }
    finally { $p.Dispose() }
}

# Free loopback ports: all listeners are held until every port is picked, so no two nodes get the same one.
function Get-FreePort([int] $Count) {
    $held = @(1..$Count | ForEach-Object {
            $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $l
        })
    try { @($held | ForEach-Object { $_.LocalEndpoint.Port }) }
    finally { $held | ForEach-Object { $_.Stop() } }
}

function ConvertTo-YamlString([string] $Value) { "'" + $Value.Replace("'", "''") + "'" }

# Checks the layout: unique valid names, one root, known parents, no cycles. Returns the nodes as hashtables with
# Name, Parent, Labels, Chain (dotted path below the root; '' for the root), Extra (YAML lines), Emulated.
function Resolve-TreeLayout([object[]] $Nodes, [bool] $NoEmulator) {
    if (-not $Nodes -or $Nodes.Count -eq 0) { throw '-Nodes: give at least one node.' }
    $byName = [ordered]@{}
    $i = 0
    foreach ($n in $Nodes) {
        $get = { param($key) if ($n -is [System.Collections.IDictionary]) { $n[$key] } elseif ($n.PSObject.Properties[$key]) { $n.$key } else { $null } }
        $name = [string](& $get 'Name')
        if ($name -notmatch $script:NamePattern) {
            throw "-Nodes[$i].Name: '$name' is not a valid node name (letters, digits, '_' and '-')."
        }
        if ($byName.Contains($name)) { throw "-Nodes[$i].Name: '$name' is given twice." }
        $labels = @(& $get 'Labels' | Where-Object { $_ } | ForEach-Object { [string]$_ })
        if ($labels.Count -eq 0) { $labels = @('all') }
        foreach ($label in $labels) {
            if ($label -notmatch '^[A-Za-z0-9._-]+$') { throw "-Nodes[$i].Labels: '$label' is not a valid label." }
        }
        $emulated = & $get 'Emulated'
        $byName[$name] = @{
            Name = $name; Parent = [string](& $get 'Parent'); Labels = $labels
            Extra = @(& $get 'ExtraYaml' | Where-Object { $_ } | ForEach-Object { $_ -split "`n" })
            Emulated = if ($null -ne $emulated) { [bool]$emulated } else { -not $NoEmulator }
        }
        $i++
    }
    $roots = @($byName.Values | Where-Object { -not $_.Parent })
    if ($roots.Count -ne 1) { throw "-Nodes: exactly one node must have no Parent (the root); found $($roots.Count)." }
    foreach ($n in $byName.Values) {
        if ($n.Parent -and -not $byName.Contains($n.Parent)) { throw "-Nodes: node '$($n.Name)' has an unknown Parent '$($n.Parent)'." }
        $path = [System.Collections.Generic.List[string]]::new()
        $cur = $n
        while ($cur.Parent) {
            $path.Insert(0, $cur.Name)
            if ($path.Count -gt $byName.Count) { throw "-Nodes: the Parent links of '$($n.Name)' form a cycle." }
            $cur = $byName[$cur.Parent]
        }
        $n.Chain = $path -join '.'
    }
    @($byName.Values)
}

function New-NodeObject([hashtable] $State, [string] $Directory) {
    $tokenPath = Join-Path $Directory "$($State.Name)/token"
    $token = if (Test-Path -LiteralPath $tokenPath) { (Get-Content -LiteralPath $tokenPath -Raw).Trim() } else { $null }
    [pscustomobject]@{
        PSTypeName = 'OverlordTree.Node'
        Name = $State.Name
        Chain = $State.Chain
        Parent = $State.Parent
        Labels = @($State.Labels)
        Port = [int]$State.Port
        Uri = [uri]"http://127.0.0.1:$($State.Port)"
        Token = $token
        TokenPath = $tokenPath
        ConfigPath = Join-Path $Directory "$($State.Name)/overlord.yml"
        Directory = Join-Path $Directory $State.Name
        HostRoot = if ($State.Emulated) { Join-Path $Directory "$($State.Name)/host" } else { $null }
        LogPath = Join-Path $Directory "$($State.Name)/node.log"
        Pid = [int]$State.Pid
        StartTime = $State.StartTime
        TreeDirectory = $Directory
    }
}

# True when the pid still runs the node of that config (a reused pid runs something else).
function Test-NodeProcess([int] $ProcessId, [string] $ConfigPath) {
    if ($ProcessId -le 0) { return $false }
    $cmdline = "/proc/$ProcessId/cmdline"
    if (Test-Path -LiteralPath $cmdline) {
        $text = (Get-Content -LiteralPath $cmdline -Raw -ErrorAction SilentlyContinue) -replace "`0", ' '
        return [bool]($text -and $text.Contains($ConfigPath))
    }
    # No /proc (macOS): trust the pid if it is alive.
    $null -ne (Get-Process -Id $ProcessId -ErrorAction SilentlyContinue)
}

function Write-TreeState([string] $Directory, [object[]] $States, [string] $NodeDll) {
    $state = [ordered]@{
        version = 1
        started = [DateTime]::UtcNow.ToString('o')
        nodeDll = $NodeDll
        nodes = @($States | ForEach-Object {
                [ordered]@{ Name = $_.Name; Parent = $_.Parent; Chain = $_.Chain; Labels = @($_.Labels); Port = $_.Port
                    Pid = $_.Pid; StartTime = $_.StartTime; Emulated = $_.Emulated }
            })
    }
    $path = Join-Path $Directory $script:StateFileName
    Set-Content -LiteralPath "$path.tmp" -Value ($state | ConvertTo-Json -Depth 5) -Encoding utf8NoBOM
    Move-Item -LiteralPath "$path.tmp" -Destination $path -Force
}

function Read-TreeState([string] $Directory) {
    $path = Join-Path $Directory $script:StateFileName
    if (-not (Test-Path -LiteralPath $path)) { return $null }
    Get-Content -LiteralPath $path -Raw | ConvertFrom-Json -AsHashtable
}

# Starts one node detached: its own session (setsid, so a Ctrl+C or the end of the parent pwsh does not reach it),
# stdin from /dev/null, stdout+stderr appended to node.log. The shell execs setsid, which execs dotnet: one pid.
function Start-NodeProcess([hashtable] $State, [string] $Directory, [string] $NodeDll) {
    $dir = Join-Path $Directory $State.Name
    $config = Join-Path $dir 'overlord.yml'
    $log = Join-Path $dir 'node.log'
    $psi = [System.Diagnostics.ProcessStartInfo]::new('/bin/sh')
    $psi.ArgumentList.Add('-c')
    $psi.ArgumentList.Add('exec setsid dotnet "$1" serve --config "$2" --listen 127.0.0.1 </dev/null >>"$3" 2>&1')
    foreach ($a in 'overlord-node', $NodeDll, $config, $log) { $psi.ArgumentList.Add($a) }
    $psi.WorkingDirectory = $dir
    $psi.UseShellExecute = $false
    # The node needs no terminal; DOTNET_ vars keep it quiet and light.
    $psi.Environment['DOTNET_NOLOGO'] = '1'
    $psi.Environment['OVERLORD_CONFIG'] = $config
    $p = [System.Diagnostics.Process]::Start($psi)
    $State.Pid = $p.Id
    $State.StartTime = [DateTime]::UtcNow.ToString('o')
    $p.Dispose()
}

# Waits until every node answers /healthz/ready; throws (with the log's tail) when one exits or the time is up.
function Wait-NodeReady([object[]] $States, [string] $Directory, [int] $TimeoutSeconds) {
    $client = [System.Net.Http.HttpClient]::new()
    $client.Timeout = [TimeSpan]::FromSeconds(2)
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $pending = [System.Collections.Generic.List[hashtable]]::new()
    $States | ForEach-Object { $pending.Add($_) }
    try {
        while ($pending.Count -gt 0) {
            foreach ($s in @($pending)) {
                $config = Join-Path $Directory "$($s.Name)/overlord.yml"
                if (-not (Test-NodeProcess $s.Pid $config)) {
                    $log = Join-Path $Directory "$($s.Name)/node.log"
                    $tail = if (Test-Path -LiteralPath $log) { (Get-Content -LiteralPath $log -Tail 20) -join "`n" } else { '' }
                    throw "node '$($s.Name)' (pid $($s.Pid)) exited before it was ready; the end of ${log}:`n$tail"
                }
                try {
                    $r = $client.GetAsync("http://127.0.0.1:$($s.Port)/healthz/ready").GetAwaiter().GetResult()
                    if ($r.IsSuccessStatusCode) { [void]$pending.Remove($s) }
                    $r.Dispose()
                }
                catch { }
            }
            if ($pending.Count -eq 0) { break }
            if ($watch.Elapsed.TotalSeconds -gt $TimeoutSeconds) {
                throw "node(s) $(($pending | ForEach-Object Name) -join ', ') not ready after $TimeoutSeconds s (logs: $Directory/<name>/node.log)."
            }
            Start-Sleep -Milliseconds 100
        }
    }
    finally { $client.Dispose() }
}

<#
.SYNOPSIS
    Starts a tree of overlord-node processes on 127.0.0.1 and returns one object per node.
.DESCRIPTION
    Each node gets <Directory>/<Name>/ with overlord.yml (own labels, secret_key, serverid, job store, metadata,
    free port), token (an access token for it, mode 0600), node.log (stdout and stderr) and, unless -NoEmulator or
    the node's Emulated = $false, host/ (an emulated jail host made by `overlord-emu init`, which the config's
    tools: block points at). A node with a Parent is listed under the parent's chains: with its entrypoint and token,
    so the root reaches every node as /v1/chain/<a.b>. All nodes start at once, detached, and the call returns when
    every one answers /healthz/ready. <Directory>/tree.json records them for Stop-OverlordTree and Get-OverlordTree.
.PARAMETER Nodes
    The layout: hashtables (or objects) with Name, Labels, Parent (absent for the one root), optionally
    Emulated ($false: no jail tools) and ExtraYaml (more top-level config lines).
.OUTPUTS
    OverlordTree.Node: Name, Chain, Parent, Labels, Port, Uri, Token, TokenPath, ConfigPath, Directory, HostRoot,
    LogPath, Pid, StartTime, TreeDirectory. The root comes first, then the layout's order.
#>
function Start-OverlordTree {
    [CmdletBinding()]
    [OutputType('OverlordTree.Node')]
    param(
        [Parameter(Mandatory)] [string] $Directory,
        [Parameter(Mandatory)] [object[]] $Nodes,
        [string] $NodeDll,
        [string] $EmulatorDll,
        [ValidateSet('Debug', 'Release')] [string] $Configuration,
        [switch] $NoEmulator,
        # Top-level 'polling:' keys (seconds); $null keeps the node defaults.
        [System.Collections.IDictionary] $Polling = $script:DefaultPolling,
        [int] $ReadyTimeoutSeconds = 60
    )
    # @(): a one-node layout must stay an array (a lone hashtable would count its keys).
    $layout = @(Resolve-TreeLayout $Nodes $NoEmulator.IsPresent)
    $nodeDll = Get-NodeDll $NodeDll $Configuration
    $emuDll = if (@($layout | Where-Object Emulated).Count -gt 0) { Get-EmulatorDll $EmulatorDll $Configuration } else { $null }

    $Directory = [IO.Path]::GetFullPath($Directory)
    if (Test-Path -LiteralPath (Join-Path $Directory $script:StateFileName)) {
        $running = @(Get-OverlordTree -Directory $Directory | Where-Object Running)
        if ($running.Count -gt 0) {
            throw "$Directory already holds a running tree (pids $(($running | ForEach-Object Pid) -join ', ')): stop it with Stop-OverlordTree first."
        }
    }
    $null = New-Item -ItemType Directory -Path $Directory -Force

    $ports = Get-FreePort $layout.Count
    $emuApphost = if ($emuDll) { [IO.Path]::ChangeExtension($emuDll, $null).TrimEnd('.') } else { $null }
    $started = $false
    try {
        for ($i = 0; $i -lt $layout.Count; $i++) {
            $n = $layout[$i]
            $n.Port = $ports[$i]
            $dir = Join-Path $Directory $n.Name
            if (Test-Path -LiteralPath $dir) { Remove-Item -LiteralPath $dir -Recurse -Force }
            $null = New-Item -ItemType Directory -Path $dir
            $n.Secret = [Convert]::ToHexString([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
            $lines = [System.Collections.Generic.List[string]]::new()
            $lines.Add("# Written by build/OverlordTree.psm1 for node '$($n.Name)' (chain '$($n.Chain)').")
            $lines.Add("port: $($n.Port)")
            $lines.Add("secret_key: $(ConvertTo-YamlString $n.Secret)")
            $lines.Add("serverid: $(ConvertTo-YamlString "$dir/serverid")")
            $lines.Add("components: $(ConvertTo-YamlString "$dir/components")")
            $lines.Add("beanstalkd_secret: $(ConvertTo-YamlString "$dir/beanstalkd_secret")")
            $lines.Add("labels: [$(($n.Labels | ForEach-Object { ConvertTo-YamlString $_ }) -join ', ')]")
            $lines.Add('metadata:')
            $lines.Add("  location: $(ConvertTo-YamlString "$dir/metadata")")
            $lines.Add("  namespaces: $(ConvertTo-YamlString "$dir/namespace")")
            $lines.Add('jobs:')
            $lines.Add("  database: $(ConvertTo-YamlString "$dir/jobs.db")")
            if ($n.Emulated) {
                $hostRoot = Join-Path $dir 'host'
                # Through the apphost when there is one: the wrappers then skip the dotnet muxer.
                if ($emuApphost -and (Test-Path -LiteralPath $emuApphost)) {
                    $null = & $emuApphost init --root $hostRoot
                    if ($LASTEXITCODE -ne 0) { throw "overlord-emu init --root $hostRoot exited with $LASTEXITCODE." }
                }
                else { $null = Invoke-Dotnet @($emuDll, 'init', '--root', $hostRoot) }
                # The same keys as EmulatedHost.NodeConfigYaml() (tests/emulators).
                $lines.Add('appjail:')
                $lines.Add("  jails: $(ConvertTo-YamlString "$hostRoot/jails")")
                $lines.Add("  logs: $(ConvertTo-YamlString "$hostRoot/logs/appjail")")
                $lines.Add("  images: $(ConvertTo-YamlString "$hostRoot/images")")
                $lines.Add('director:')
                $lines.Add("  logs: $(ConvertTo-YamlString "$hostRoot/director/logs")")
                $lines.Add('tools:')
                foreach ($tool in 'appjail', 'appjail-director', 'rctl', 'sysctl') {
                    $lines.Add("  ${tool}: $(ConvertTo-YamlString "$hostRoot/bin/$tool")")
                }
            }
            else {
                $lines.Add('director:')
                $lines.Add("  logs: $(ConvertTo-YamlString "$dir/director-logs")")
            }
            if ($Polling -and $Polling.Count -gt 0) {
                $lines.Add('polling:')
                foreach ($key in $Polling.Keys) { $lines.Add("  ${key}: $($Polling[$key])") }
            }
            foreach ($line in $n.Extra) { $lines.Add($line) }
            $n.Lines = $lines
            Set-Content -LiteralPath (Join-Path $dir 'overlord.yml') -Value $lines -Encoding utf8NoBOM
        }

        # A token depends only on the node's own secret, so every token is made before any parent lists it.
        $tokenJobs = foreach ($n in $layout) {
            $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
            foreach ($a in $nodeDll, 'gen-token', '--config', (Join-Path $Directory "$($n.Name)/overlord.yml")) { $psi.ArgumentList.Add($a) }
            $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true
            $p = [System.Diagnostics.Process]::Start($psi)
            @{ Node = $n; Process = $p; Out = $p.StandardOutput.ReadToEndAsync(); Err = $p.StandardError.ReadToEndAsync() }
        }
        foreach ($job in $tokenJobs) {
            $job.Process.WaitForExit()
            $token = $job.Out.GetAwaiter().GetResult().Trim()
            if ($job.Process.ExitCode -ne 0 -or -not $token) {
                throw "gen-token for node '$($job.Node.Name)' exited with $($job.Process.ExitCode): $($job.Err.GetAwaiter().GetResult())"
            }
            $job.Process.Dispose()
            $tokenPath = Join-Path $Directory "$($job.Node.Name)/token"
            Set-Content -LiteralPath $tokenPath -Value $token -NoNewline -Encoding ascii
            if (-not $IsWindows) { [IO.File]::SetUnixFileMode($tokenPath, [IO.UnixFileMode]'UserRead, UserWrite') }
            $job.Node.Token = $token
        }
        foreach ($n in $layout) {
            $children = @($layout | Where-Object Parent -eq $n.Name)
            if ($children.Count -eq 0) { continue }
            $lines = $n.Lines
            $lines.Add('chains:')
            foreach ($c in $children) {
                $lines.Add("  $($c.Name):")
                $lines.Add("    entrypoint: $(ConvertTo-YamlString "http://127.0.0.1:$($c.Port)")")
                $lines.Add("    access_token: $(ConvertTo-YamlString $c.Token)")
            }
            Set-Content -LiteralPath (Join-Path $Directory "$($n.Name)/overlord.yml") -Value $lines -Encoding utf8NoBOM
        }
        $configs = Get-ChildItem -LiteralPath $Directory -Filter overlord.yml -Recurse -Depth 1
        foreach ($c in $configs) {
            if (-not $IsWindows) { [IO.File]::SetUnixFileMode($c.FullName, [IO.UnixFileMode]'UserRead, UserWrite') }
        }

        $started = $true
        foreach ($n in $layout) { Start-NodeProcess $n $Directory $nodeDll }
        Write-TreeState $Directory $layout $nodeDll
        Wait-NodeReady $layout $Directory $ReadyTimeoutSeconds
    }
    catch {
        if ($started) { Stop-OverlordTree -Directory $Directory -ErrorAction SilentlyContinue }
        throw
    }
    $root = $layout | Where-Object { -not $_.Parent }
    @($root) + @($layout | Where-Object Parent) | ForEach-Object { New-NodeObject $_ $Directory }
}

<#
.SYNOPSIS
    Reads <Directory>/tree.json and returns the tree's nodes, with Running = whether each process still runs.
#>
function Get-OverlordTree {
    [CmdletBinding()]
    [OutputType('OverlordTree.Node')]
    param([Parameter(Mandatory)] [string] $Directory)
    $Directory = [IO.Path]::GetFullPath($Directory)
    $state = Read-TreeState $Directory
    if ($null -eq $state) { return }
    foreach ($s in $state.nodes) {
        $node = New-NodeObject $s $Directory
        $node | Add-Member -NotePropertyName Running -NotePropertyValue (Test-NodeProcess $node.Pid $node.ConfigPath)
        $node
    }
}

# SIGTERM to the node's process group (the node and any tool it runs), then SIGKILL after the grace time.
function Stop-NodeProcessGroup([int] $ProcessId, [string] $ConfigPath, [int] $GraceSeconds, [bool] $Kill) {
    if (-not (Test-NodeProcess $ProcessId $ConfigPath)) { return $false }
    $signal = if ($Kill) { 'KILL' } else { 'TERM' }
    # setsid made the node a process group leader, so -pid names its group.
    & $script:KillCommand "-$signal" -- "-$ProcessId" 2>$null
    if ($LASTEXITCODE -ne 0) { & $script:KillCommand "-$signal" $ProcessId 2>$null }
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    while (Test-NodeProcess $ProcessId $ConfigPath) {
        if ($watch.Elapsed.TotalSeconds -ge $GraceSeconds) {
            & $script:KillCommand -KILL -- "-$ProcessId" 2>$null
            & $script:KillCommand -KILL $ProcessId 2>$null
            Start-Sleep -Milliseconds 100
            break
        }
        Start-Sleep -Milliseconds 50
    }
    $true
}

<#
.SYNOPSIS
    Stops one node of a tree (by default at once with SIGKILL, as a crash): the others keep running.
.DESCRIPTION
    Takes node objects from Start-OverlordTree or Get-OverlordTree from the pipeline. -Graceful sends SIGTERM first.
    Returns nothing; writes a warning when the process had already ended.
#>
function Stop-OverlordTreeNode {
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, ValueFromPipeline)] [psobject] $Node,
        [switch] $Graceful,
        [int] $GraceSeconds = 10
    )
    process {
        if (-not $PSCmdlet.ShouldProcess("$($Node.Name) (pid $($Node.Pid))", 'Stop tree node')) { return }
        if (-not (Stop-NodeProcessGroup $Node.Pid $Node.ConfigPath $GraceSeconds (-not $Graceful))) {
            Write-Warning "node '$($Node.Name)' (pid $($Node.Pid)) was not running."
        }
    }
}

<#
.SYNOPSIS
    Stops every node process recorded in <Directory>/tree.json (SIGTERM, SIGKILL after -GraceSeconds);
    -Remove then deletes the directory. Returns the names of the nodes it stopped.
#>
function Stop-OverlordTree {
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $Directory,
        [switch] $Remove,
        [int] $GraceSeconds = 10
    )
    $Directory = [IO.Path]::GetFullPath($Directory)
    if (-not $PSCmdlet.ShouldProcess($Directory, 'Stop the node tree')) { return }
    $nodes = @(Get-OverlordTree -Directory $Directory)
    # Leaves first, so a parent never sees a child vanish before it goes itself; all are signalled before waiting.
    $alive = @($nodes | Where-Object Running | Sort-Object { $_.Chain.Split('.').Count } -Descending)
    foreach ($n in $alive) { & $script:KillCommand -TERM -- "-$($n.Pid)" 2>$null; if ($LASTEXITCODE -ne 0) { & $script:KillCommand -TERM $n.Pid 2>$null } }
    foreach ($n in $alive) {
        $null = Stop-NodeProcessGroup $n.Pid $n.ConfigPath $GraceSeconds $false
        $n.Name
    }
    $stateFile = Join-Path $Directory $script:StateFileName
    if ($Remove) {
        Remove-Item -LiteralPath $Directory -Recurse -Force -ErrorAction SilentlyContinue
    }
    elseif (Test-Path -LiteralPath $stateFile) {
        Remove-Item -LiteralPath $stateFile -Force
    }
}

Export-ModuleMember -Function Start-OverlordTree, Get-OverlordTree, Stop-OverlordTree, Stop-OverlordTreeNode
