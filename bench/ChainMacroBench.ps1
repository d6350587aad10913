#Requires -Version 7.4
<#
.SYNOPSIS
    Loopback macro benchmark of the node: GET labels direct and through 1 and 3 chain hops, a 3-hop call whose
    last node is stopped, start-to-ready time and idle RSS. Run by `./build.ps1 bench`; 127.0.0.1 only.
#>
param(
    [Parameter(Mandatory)] [string] $NodeDll,
    [Parameter(Mandatory)] [string] $LoadGenDll,
    [Parameter(Mandatory)] [string] $OutFile,
    [int] $Duration = 5,
    [int] $Warmup = 1
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0


$work = Join-Path ([System.IO.Path]::GetTempPath()) "overlord-bench-$PID"
New-Item -ItemType Directory -Path $work -Force | Out-Null
$names = 'n0', 'n1', 'n2', 'n3'
# Hold every listener until all ports are picked, so two nodes never get the same port.
$ports = @{}; $held = foreach ($n in $names) {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $ports[$n] = $listener.LocalEndpoint.Port; $listener
}
$held | ForEach-Object { $_.Stop() }
$secrets = @{}; foreach ($n in $names) { $secrets[$n] = [Convert]::ToHexString([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32)) }

function Write-NodeConfig([string] $Name, [string] $Next, [string] $NextToken) {
    $dir = Join-Path $work $Name
    New-Item -ItemType Directory -Path $dir -Force | Out-Null
    $lines = @("port: $($ports[$Name])", "secret_key: '$($secrets[$Name])'", "serverid: '$dir/serverid'", "labels: [all, $Name]")
    if ($Next) {
        $lines += 'chains:', '  next:', "    entrypoint: 'http://127.0.0.1:$($ports[$Next])'", "    access_token: '$NextToken'"
    }
    $path = Join-Path $dir 'overlord.yml'
    Set-Content -LiteralPath $path -Value $lines
    $path
}

function New-Token([string] $Config) {
    $token = (& dotnet $NodeDll gen-token --config $Config | Out-String).Trim()
    if ($LASTEXITCODE -ne 0 -or -not $token) { throw "gen-token failed for $Config" }
    $token
}

$processes = @{}
function Start-Node([string] $Name, [string] $Config) {
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($NodeDll, 'serve', '--config', $Config, '--listen', '127.0.0.1')) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $p = [System.Diagnostics.Process]::Start($psi)
    $p.BeginOutputReadLine(); $p.BeginErrorReadLine()
    $client = [System.Net.Http.HttpClient]::new()
    $url = "http://127.0.0.1:$($ports[$Name])/healthz/ready"
    while ($true) {
        if ($p.HasExited) { throw "node $Name exited with $($p.ExitCode)" }
        try { if (($client.GetAsync($url).GetAwaiter().GetResult()).IsSuccessStatusCode) { break } } catch { }
        if ($watch.Elapsed.TotalSeconds -gt 30) { throw "node $Name not ready after 30 s" }
        Start-Sleep -Milliseconds 2
    }
    $watch.Stop()
    $client.Dispose()
    if ($p.HasExited) { throw "node $Name exited with $($p.ExitCode) (was its port taken?)" }
    $processes[$Name] = $p
    $watch.Elapsed.TotalMilliseconds
}

function Stop-Node([string] $Name) {
    $p = $processes[$Name]
    if ($p -and -not $p.HasExited) { $p.Kill($true); $p.WaitForExit() }
    $processes.Remove($Name)
}

function Invoke-Load([string] $Url, [string] $Token, [int] $Concurrency) {
    $json = & dotnet $LoadGenDll --url $Url --header "Authentication: Bearer $Token" --concurrency $Concurrency --duration $Duration --warmup $Warmup --json
    if ($LASTEXITCODE -ne 0) { throw "load generator failed for $Url" }
    $json | ConvertFrom-Json
}

$results = [ordered]@{}
try {
    # Configs from the tail up, so each node knows its child's token.
    $cfg = @{}; $tok = @{}
    $cfg['n3'] = Write-NodeConfig 'n3' $null $null; $tok['n3'] = New-Token $cfg['n3']
    $cfg['n2'] = Write-NodeConfig 'n2' 'n3' $tok['n3']; $tok['n2'] = New-Token $cfg['n2']
    $cfg['n1'] = Write-NodeConfig 'n1' 'n2' $tok['n2']; $tok['n1'] = New-Token $cfg['n1']
    $cfg['n0'] = Write-NodeConfig 'n0' 'n1' $tok['n1']; $tok['n0'] = New-Token $cfg['n0']

    $ready = foreach ($n in 'n3', 'n2', 'n1', 'n0') { Start-Node $n $cfg[$n] }
    # Each hop must reach the node it should: the tail's labels through three hops name n3.
    $check = [System.Net.Http.HttpRequestMessage]::new('GET', "http://127.0.0.1:$($ports['n0'])/v1/chain/next.next.next/labels")
    $check.Headers.TryAddWithoutValidation('Authentication', "Bearer $($tok['n0'])") | Out-Null
    $checker = [System.Net.Http.HttpClient]::new()
    $labels = $checker.SendAsync($check).GetAwaiter().GetResult().Content.ReadAsStringAsync().GetAwaiter().GetResult()
    $checker.Dispose()
    if ($labels -notmatch '"n3"') { throw "the 3-hop path does not reach n3: $labels" }
    $results.start_to_ready_ms = [ordered]@{ min = [math]::Round(($ready | Measure-Object -Minimum).Minimum, 1); max = [math]::Round(($ready | Measure-Object -Maximum).Maximum, 1) }

    Start-Sleep -Seconds 3
    $rss = [long]((Get-Content "/proc/$($processes['n3'].Id)/status" | Where-Object { $_ -like 'VmRSS:*' }) -replace '\D', '')
    $results.idle_rss_mb = [math]::Round($rss / 1024, 1)

    $base = "http://127.0.0.1:$($ports['n0'])/v1"
    foreach ($case in @(
            @{ name = 'direct'; url = "$base/labels" },
            @{ name = 'hop1'; url = "$base/chain/next/labels" },
            @{ name = 'hop3'; url = "$base/chain/next.next.next/labels" })) {
        foreach ($c in 1, 32) {
            $r = Invoke-Load $case.url $tok['n0'] $c
            $results["$($case.name)_c$c"] = [ordered]@{ rps = [math]::Round($r.rps); p50_ms = $r.latency_ms.p50; p99_ms = $r.latency_ms.p99; errors = $r.errors; requests = $r.requests }
        }
    }

    Stop-Node 'n3'
    $client = [System.Net.Http.HttpClient]::new()
    $client.Timeout = [TimeSpan]::FromSeconds(120)
    $request = [System.Net.Http.HttpRequestMessage]::new('GET', "$base/chain/next.next.next/ping")
    $request.Headers.TryAddWithoutValidation('Authentication', "Bearer $($tok['n0'])") | Out-Null
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $response = $client.SendAsync($request).GetAwaiter().GetResult()
    $watch.Stop()
    $results.dead_tail = [ordered]@{ status = [int]$response.StatusCode; elapsed_ms = [math]::Round($watch.Elapsed.TotalMilliseconds, 1); body = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult() }
    $client.Dispose()
}
finally {
    foreach ($n in @($processes.Keys)) { Stop-Node $n }
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

$results | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $OutFile
Write-Host "chain macro bench ($Duration s per case, loopback, load generator on the same 2 cores):"
foreach ($k in $results.Keys) { Write-Host ("  {0,-18} {1}" -f $k, ($results[$k] | ConvertTo-Json -Compress -Depth 3)) }
