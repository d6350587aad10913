# The node cmdlets of the BUILT module against real overlord-node processes on 127.0.0.1: a root node and a child
# chained to it as 'alpha'. The hosts have no jail tools, so the pollers idle and the hosts have no jails.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'OverlordTestUtils.psm1') -Force
    Import-BuiltOverlordModule | Out-Null

    $root = Get-OverlordRepoRoot
    $NodeDll = @('Debug', 'Release') | ForEach-Object { Join-Path $root "src/Overlord.Service/bin/$_/net10.0/overlord-node.dll" } |
        Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
    if (-not $NodeDll) {
        throw 'overlord-node.dll is not built: run ./build.ps1 build first.'
    }
    $Work = Join-Path ([IO.Path]::GetTempPath()) "overlord-pester-nodes-$PID"
    New-Item -ItemType Directory -Path $Work -Force | Out-Null

    # Hold both listeners until both ports are picked, so the nodes never get the same port.
    $held = 1..2 | ForEach-Object {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $l
    }
    $Ports = @($held | ForEach-Object { $_.LocalEndpoint.Port })
    $held | ForEach-Object { $_.Stop() }

    function Write-NodeConfig([string] $Name, [int] $Port, [string[]] $Labels, [string[]] $Extra = @()) {
        $dir = Join-Path $Work $Name
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
        $secret = [Convert]::ToHexString([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
        $lines = @(
            "port: $Port", "secret_key: '$secret'", "serverid: '$dir/serverid'", "components: '$dir/components'",
            "beanstalkd_secret: '$dir/beanstalkd_secret'", "labels: [$($Labels -join ', ')]",
            'metadata:', "  location: '$dir/metadata'", "  namespaces: '$dir/namespace'",
            'jobs:', "  database: '$dir/jobs.db'",
            'director:', "  logs: '$dir/director-logs'"
        ) + $Extra
        $path = Join-Path $dir 'overlord.yml'
        Set-Content -LiteralPath $path -Value $lines
        $path
    }

    function New-NodeToken([string] $Config) {
        $token = (& dotnet $NodeDll gen-token --config $Config | Out-String).Trim()
        if ($LASTEXITCODE -ne 0 -or -not $token) { throw "gen-token failed for $Config" }
        $token
    }

    $Processes = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
    function Start-Node([string] $Config, [int] $Port) {
        $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in @($NodeDll, 'serve', '--config', $Config, '--listen', '127.0.0.1')) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true
        $p = [System.Diagnostics.Process]::Start($psi)
        $p.BeginOutputReadLine(); $p.BeginErrorReadLine()
        $Processes.Add($p)
        $client = [System.Net.Http.HttpClient]::new()
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        try {
            while ($true) {
                if ($p.HasExited) { throw "the node for $Config exited with $($p.ExitCode)" }
                try { if ($client.GetAsync("http://127.0.0.1:$Port/healthz/ready").GetAwaiter().GetResult().IsSuccessStatusCode) { break } } catch { }
                if ($watch.Elapsed.TotalSeconds -gt 60) { throw "the node for $Config is not ready after 60 s" }
                Start-Sleep -Milliseconds 50
            }
        }
        finally { $client.Dispose() }
    }

    $childConfig = Write-NodeConfig -Name 'alpha' -Port $Ports[1] -Labels 'all', 'child'
    $childToken = New-NodeToken $childConfig
    $RootConfig = Write-NodeConfig -Name 'root' -Port $Ports[0] -Labels 'all', 'desktop' -Extra @(
        'chains:', '  alpha:', "    entrypoint: 'http://127.0.0.1:$($Ports[1])'", "    access_token: '$childToken'")
    $Token = New-NodeToken $RootConfig
    Start-Node $childConfig $Ports[1]
    Start-Node $RootConfig $Ports[0]
    $Uri = "http://127.0.0.1:$($Ports[0])"
}

AfterAll {
    Disconnect-OverlordNode -ErrorAction SilentlyContinue
    foreach ($p in $Processes) {
        if (-not $p.HasExited) { $p.Kill($true); $p.WaitForExit() }
        $p.Dispose()
    }
    if ($Work) { Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'node cmdlets' {
    It 'fails with NotConnected before Connect-OverlordNode' {
        Disconnect-OverlordNode
        { Get-OverlordLabel -ErrorAction Stop } |
            Should -Throw -ErrorId 'NotConnected,Overlord.PowerShell.Cmdlets.GetOverlordLabelCommand'
    }

    It 'connects with a SecureString token and returns the connection' {
        $secure = ConvertTo-SecureString $Token -AsPlainText -Force
        $connection = Connect-OverlordNode -Uri $Uri -Token $secure -PassThru
        $connection.Node | Should -Be ([uri]$Uri)
        $connection.Chain | Should -Be ''
        $connection.Labels | Should -Be @('all', 'desktop')
    }

    It 'lists the labels of the node and, by -Chain, of the child' {
        $labels = @(Get-OverlordLabel)
        $labels.Name | Should -Be @('all', 'desktop')
        $labels[0].Chain | Should -Be ''
        $labels[0].Node | Should -Be ([uri]$Uri)
        (Get-OverlordLabel -Chain alpha).Name | Should -Be @('all', 'child')
    }

    It 'lists the chains, the tree and the chain stats, and pipes a chain into Get-OverlordLabel' {
        $chains = @(Get-OverlordChain)
        $chains.Name | Should -Be @('alpha')
        $chains[0].Chain | Should -Be 'alpha'
        ($chains | Get-OverlordLabel).Name | Should -Be @('all', 'child')

        $tree = @(Get-OverlordChain -Tree)
        $tree.Count | Should -Be 1
        $tree[0].Path | Should -Be 'alpha'
        $tree[0].Depth | Should -Be 1
        $tree[0].Labels | Should -Be @('all', 'child')
        $tree[0].Error | Should -BeNullOrEmpty

        $stats = @(Get-OverlordChain -Stats)
        $stats.Chain | Should -Be @('alpha')
        $stats[0].Disabled | Should -BeFalse
    }

    It 'writes no jail for a host without jails' {
        @(Get-OverlordJail).Count | Should -Be 0
        @(Get-OverlordJail -Chain alpha).Count | Should -Be 0
    }

    It 'sets, reads and removes metadata; -WhatIf writes nothing' {
        Set-OverlordMetadata -Key pester-key -Value 'one' -WhatIf
        @(Get-OverlordMetadata).Count | Should -Be 0

        (Set-OverlordMetadata -Key pester-key -Value 'one' -PassThru).Value | Should -Be 'one'
        Set-OverlordMetadata -Key pester-key -Value 'two'
        $entry = Get-OverlordMetadata -Key pester-key
        $entry.Key | Should -Be 'pester-key'
        $entry.Value | Should -Be 'two'
        (Get-OverlordMetadata -Key 'pester-*').Value | Should -Be 'two'

        Remove-OverlordMetadata -Key pester-key -WhatIf
        (Get-OverlordMetadata -Key pester-key).Value | Should -Be 'two'
        Remove-OverlordMetadata -Key pester-key -Confirm:$false
        @(Get-OverlordMetadata).Count | Should -Be 0
        { Get-OverlordMetadata -Key pester-key -ErrorAction Stop } |
            Should -Throw -ErrorId 'NodeRefused,Overlord.PowerShell.Cmdlets.GetOverlordMetadataCommand'
    }

    It 'sets metadata on the child through the chain' {
        Set-OverlordMetadata -Chain alpha -Key through-chain -Value 'x'
        (Get-OverlordMetadata -Chain alpha -Key through-chain).Value | Should -Be 'x'
        @(Get-OverlordMetadata).Count | Should -Be 0
        Remove-OverlordMetadata -Chain alpha -Key through-chain -Confirm:$false
    }

    It 'reports a wrong token as NodeRefused with the node''s message' {
        $err = $null
        Get-OverlordLabel -Uri $Uri -Token 'not-a-token' -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'NodeRefused,Overlord.PowerShell.Cmdlets.GetOverlordLabelCommand'
        $err[0].CategoryInfo.Category | Should -BeIn 'PermissionDenied', 'SecurityError'
        $err[0].Exception.Message | Should -Not -BeNullOrEmpty
        $err[0].Exception.Message | Should -Not -BeLike 'The node answered*'
    }

    It 'sends -Token given alone to the connected node' {
        $err = $null
        Get-OverlordLabel -Token 'not-a-token' -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'NodeRefused,Overlord.PowerShell.Cmdlets.GetOverlordLabelCommand'
    }

    It 'refuses Connect-OverlordNode with a wrong token as a terminating NodeRefused' {
        { Connect-OverlordNode -Uri $Uri -Token 'not-a-token' } |
            Should -Throw -ErrorId 'NodeRefused,Overlord.PowerShell.Cmdlets.ConnectOverlordNodeCommand'
        # The previous connection stays.
        (Get-OverlordLabel).Name | Should -Contain 'desktop'
    }

    It 'completes -Chain from the connected node' {
        $result = TabExpansion2 -inputScript 'Get-OverlordLabel -Chain al' -cursorColumn 'Get-OverlordLabel -Chain al'.Length
        $result.CompletionMatches.CompletionText | Should -Be @('alpha')
    }

    It 'writes no project and no namespace for a fresh node; a literal -Name that matches nothing is an error' {
        @(Get-OverlordProject).Count | Should -Be 0
        @(Get-OverlordNamespace -Chain alpha).Count | Should -Be 0
        { Get-OverlordProject -Name nope -ErrorAction Stop } |
            Should -Throw -ErrorId 'ProjectNotFound,Overlord.PowerShell.Cmdlets.GetOverlordProjectCommand'
        @(Get-OverlordProject -Name 'no*').Count | Should -Be 0
        { Get-OverlordJail -Name ghost -Item info -ErrorAction Stop } |
            Should -Throw -ErrorId 'JailNotFound,Overlord.PowerShell.Cmdlets.GetOverlordJailCommand'
    }

    It 'lists no logs on a fresh node and reports a missing log as NodeRefused' {
        @(Get-OverlordJailLog).Count | Should -Be 0
        @(Get-OverlordProjectLog -Chain alpha).Count | Should -Be 0
        { Get-OverlordProjectLog -Date d -Service s -Log l -ErrorAction Stop } |
            Should -Throw -ErrorId 'NodeRefused,Overlord.PowerShell.Cmdlets.GetOverlordProjectLogCommand'
    }
}
