# New-OverlordToken, -Path spec targeting, log -Tail/-Wait, Get-OverlordTemplate, Get-OverlordVM and
# Get-OverlordAutoscale of the BUILT module against real overlord-node processes on 127.0.0.1: a root node and a
# child chained to it as 'alpha'. Every token here is minted by New-OverlordToken, so the nodes accepting them is the
# compatibility check. The node start code follows NodeCmdlets.Tests.ps1 (until build/OverlordTree.psm1 serves both).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'OverlordTestUtils.psm1') -Force
    Import-BuiltOverlordModule | Out-Null
    $Manifest = Get-BuiltModuleManifest

    $root = Get-OverlordRepoRoot
    $NodeDll = @('Debug', 'Release') | ForEach-Object { Join-Path $root "src/Overlord.Service/bin/$_/net10.0/overlord-node.dll" } |
        Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
    if (-not $NodeDll) {
        throw 'overlord-node.dll is not built: run ./build.ps1 build first.'
    }
    $Work = Join-Path ([IO.Path]::GetTempPath()) "overlord-pester-misc-$PID"
    New-Item -ItemType Directory -Path $Work -Force | Out-Null

    # Three ports: two nodes and one that nothing listens on (an unreachable datacenter).
    $held = 1..3 | ForEach-Object {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $l
    }
    $Ports = @($held | ForEach-Object { $_.LocalEndpoint.Port })
    $held | ForEach-Object { $_.Stop() }

    function Write-NodeConfig([string] $Name, [int] $Port, [string[]] $Labels, [string[]] $Extra = @()) {
        $dir = Join-Path $Work $Name
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
        $lines = @(
            "port: $Port", "secret_keyfile: '$dir/keyfile'", "serverid: '$dir/serverid'", "components: '$dir/components'",
            "beanstalkd_secret: '$dir/beanstalkd_secret'", "labels: [$($Labels -join ', ')]",
            'metadata:', "  location: '$dir/metadata'", "  namespaces: '$dir/namespace'",
            'jobs:', "  database: '$dir/jobs.db'",
            'director:', "  logs: '$dir/director-logs'"
        ) + $Extra
        $path = Join-Path $dir 'overlord.yml'
        Set-Content -LiteralPath $path -Value $lines
        $path
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

    # The key files do not exist yet: New-OverlordToken creates them as upstream's gen-token does, and the nodes
    # then start with the same keys.
    $ChildConfig = Write-NodeConfig -Name 'alpha' -Port $Ports[1] -Labels 'all', 'child'
    $childToken = New-OverlordToken -ConfigPath $ChildConfig -Metadata @{ role = 'chain' } -AsPlainText
    $RootConfig = Write-NodeConfig -Name 'root' -Port $Ports[0] -Labels 'all', 'desktop' -Extra @(
        'chains:', '  alpha:', "    entrypoint: 'http://127.0.0.1:$($Ports[1])'", "    access_token: '$childToken'")
    $Token = New-OverlordToken -ConfigPath $RootConfig -AsPlainText
    Start-Node $ChildConfig $Ports[1]
    Start-Node $RootConfig $Ports[0]
    $Uri = "http://127.0.0.1:$($Ports[0])"
    $Dead = "http://127.0.0.1:$($Ports[2])"

    function Write-Spec([string] $Name, [string[]] $Lines) {
        $path = Join-Path $Work $Name
        Set-Content -LiteralPath $path -Value $Lines
        $path
    }
    function Get-Datacenters([switch] $WithDead) {
        $lines = @('datacenters:', '  main:', "    entrypoint: '$Uri'", "    access_token: '$Token'")
        if ($WithDead) { $lines += @('  dead:', "    entrypoint: '$Dead'", "    access_token: '$Token'", '    timeout: 5') }
        $lines
    }
}

AfterAll {
    Disconnect-OverlordNode -ErrorAction SilentlyContinue
    foreach ($p in $Processes) {
        if (-not $p.HasExited) { $p.Kill($true); $p.WaitForExit() }
        $p.Dispose()
    }
    if ($Work) { Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'New-OverlordToken' {
    It 'mints a SecureString that Connect-OverlordNode accepts, and the chain token it minted works too' {
        $connection = Connect-OverlordNode -Uri $Uri -Token (New-OverlordToken -ConfigPath $RootConfig) -PassThru
        $connection.Labels | Should -Be @('all', 'desktop')
        (Get-OverlordLabel -Chain alpha).Name | Should -Be @('all', 'child')
    }

    It 'makes tokens that the node refuses once they expire' {
        # exp is in whole seconds: 3 s leave at least 2 for the first call.
        $short = New-OverlordToken -ConfigPath $RootConfig -Expire (New-TimeSpan -Seconds 3) -AsPlainText
        Get-OverlordLabel -Uri $Uri -Token $short | Should -Not -BeNullOrEmpty
        Start-Sleep -Seconds 4
        $err = $null
        Get-OverlordLabel -Uri $Uri -Token $short -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'NodeRefused,Overlord.PowerShell.Cmdlets.GetOverlordLabelCommand'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
    }

    It 'names file, line and column of a bad config' {
        $bad = Write-Spec 'bad-overlord.yml' @('port: 70000')
        { New-OverlordToken -ConfigPath $bad } |
            Should -Throw -ErrorId 'InvalidNodeConfig,Overlord.PowerShell.Cmdlets.NewOverlordTokenCommand' -ExpectedMessage "$($bad):1:7: port:*"
    }
}

Describe '-Path spec targeting' {
    It 'runs on every node whose labels match, each object carrying its Datacenter' {
        $spec = Write-Spec 'all.yml' ((@('kind: readOnly') + (Get-Datacenters) + @('deployIn:', '  labels: [all]')))
        $labels = @(Get-OverlordLabel -Path $spec)
        $labels | ForEach-Object { "$($_.Datacenter)/$($_.Chain)/$($_.Name)" } |
            Should -Be @('main//all', 'main//desktop', 'main/alpha/all', 'main/alpha/child')
        (Get-OverlordChain -Path $spec).Chain | Should -Be @('', 'alpha')
    }

    It 'honours exclude and -AllLabels' {
        $spec = Write-Spec 'exclude.yml' ((@('kind: readOnly') + (Get-Datacenters) + @('deployIn:', '  labels: [all]', '  exclude: [desktop]')))
        (Get-OverlordChain -Path $spec).Chain | Should -Be @('alpha')
        $none = Write-Spec 'none.yml' ((@('kind: readOnly') + (Get-Datacenters) + @('deployIn:', '  labels: [nowhere]')))
        @(Get-OverlordChain -Path $none).Count | Should -Be 0
        (Get-OverlordChain -Path $none -AllLabels).Chain | Should -Be @('', 'alpha')
    }

    It 'writes ChainUnreachable for a datacenter that does not answer and reads the others' {
        $spec = Write-Spec 'dead.yml' ((@('kind: readOnly') + (Get-Datacenters -WithDead) + @('deployIn:', '  entrypoints: [main, dead]', '  labels: [child]')))
        $err = $null
        $chains = @(Get-OverlordChain -Path $spec -ErrorVariable err -ErrorAction SilentlyContinue)
        $chains.Chain | Should -Be @('alpha')
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ChainUnreachable,Overlord.PowerShell.Cmdlets.GetOverlordChainCommand'
        $err[0].TargetObject | Should -Be 'dead'
    }

    It 'reads a metadata spec''s own keys when no -Key is given' {
        Set-OverlordMetadata -Key 'app.port' -Value '8080' -Chain alpha
        Set-OverlordMetadata -Key 'app.other' -Value 'x' -Chain alpha
        $spec = Write-Spec 'meta.yml' ((@('kind: metadata') + (Get-Datacenters) + @('deployIn:', '  labels: [child]', 'metadata:', "  app.port: '1'")))
        $values = @(Get-OverlordMetadata -Path $spec)
        $values.Key | Should -Be @('app.port')
        $values[0].Value | Should -Be '8080'
        $values[0].Chain | Should -Be 'alpha'
    }

    It 'refuses -Path together with -Uri' {
        $spec = Write-Spec 'with-uri.yml' ((@('kind: readOnly') + (Get-Datacenters) + @('deployIn:', '  labels: [all]')))
        { Get-OverlordLabel -Path $spec -Uri $Uri -Token $Token } |
            Should -Throw -ErrorId 'PathWithNode,Overlord.PowerShell.Cmdlets.GetOverlordLabelCommand'
    }
}

Describe 'Get-OverlordTemplate' {
    BeforeAll {
        # The rendered spec names a Director file, which loading it checks.
        Set-Content -LiteralPath (Join-Path $Work 'director.yml') -Value 'services:', '  app:', '    name: app'
    }

    It 'renders the template each target holds and reports the target that lacks it' {
        $template = @('kind: directorProject', 'datacenters: {}', 'deployIn: {labels: [all]}', 'projectName: {{ appName }}',
            "projectFile: '$Work/director.yml'", 'environment:', '  PORT: "{{ port }}"') -join "`n"
        Set-OverlordMetadata -Key 'shop.template' -Value $template -Chain alpha
        $spec = Write-Spec 'app.yml' ((@('kind: appConfig') + (Get-Datacenters) + @('deployIn:', '  labels: [all]',
            'appName: shopapp', 'appFrom: shop.template', 'appConfig:', '  port: "9090"')))
        $err = $null
        $rendered = @(Get-OverlordTemplate -Path $spec -ErrorVariable err -ErrorAction SilentlyContinue)
        $rendered.Count | Should -Be 1
        $rendered[0].Datacenter | Should -Be 'main'
        $rendered[0].Chain | Should -Be 'alpha'
        $rendered[0].Project | Should -Be 'shopapp'
        $rendered[0].Kind | Should -Be 'directorProject'
        $rendered[0].Text | Should -BeLike '*PORT: "9090"*'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'NodeRefused,Overlord.PowerShell.Cmdlets.GetOverlordTemplateCommand'
        $err[0].TargetObject | Should -Be 'main'
    }

    It 'reports a template that does not render with its position' {
        Set-OverlordMetadata -Key 'broken.template' -Value "kind: directorProject`nprojectName: {{ nope }}" -Chain alpha
        $spec = Write-Spec 'broken.yml' ((@('kind: appConfig') + (Get-Datacenters) + @('deployIn:', '  labels: [child]',
            'appName: shopapp', 'appFrom: broken.template', 'appConfig:', '  port: "1"')))
        { Get-OverlordTemplate -Path $spec -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidTemplate,Overlord.PowerShell.Cmdlets.GetOverlordTemplateCommand' -ExpectedMessage 'main.alpha: broken.template:*'
    }

    It 'refuses a spec that is not appConfig' {
        $spec = Write-Spec 'ro.yml' ((@('kind: readOnly') + (Get-Datacenters) + @('deployIn:', '  labels: [all]')))
        { Get-OverlordTemplate -Path $spec } | Should -Throw -ErrorId 'NotAppConfig,Overlord.PowerShell.Cmdlets.GetOverlordTemplateCommand'
    }
}

Describe 'log -Tail and -Wait' {
    BeforeAll {
        $LogDir = Join-Path $Work 'root/director-logs/2025-06-14_09h41m07s/web'
        New-Item -ItemType Directory -Path $LogDir -Force | Out-Null
        $LogFile = Join-Path $LogDir 'create.log'
        Set-Content -LiteralPath $LogFile -Value (1..500 | ForEach-Object { "line $_" })
    }

    It 'writes the last lines with their numbers' {
        $lines = @(Get-OverlordProjectLog -Date 2025-06-14_09h41m07s -Service web -Log create.log -Tail 3)
        $lines.Line | Should -Be @('line 498', 'line 499', 'line 500')
        $lines.LineNumber | Should -Be @(498, 499, 500)
        $lines[0].Path | Should -Be '2025-06-14_09h41m07s/web/create.log'
    }

    It 'follows the log until the pipeline is stopped' {
        $job = Start-ThreadJob -ScriptBlock {
            Import-Module $using:Manifest
            Get-OverlordProjectLog -Uri $using:Uri -Token $using:Token -Date 2025-06-14_09h41m07s -Service web -Log create.log -Tail 1 -Wait
        }
        try {
            $seen = [System.Collections.Generic.List[object]]::new()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            $appended = $false
            while ($seen.Count -lt 3 -and [DateTime]::UtcNow -lt $deadline) {
                Receive-Job $job | ForEach-Object { $seen.Add($_) }
                if ($seen.Count -ge 1 -and -not $appended) {
                    Add-Content -LiteralPath $LogFile -Value 'new 1', 'new 2'
                    $appended = $true
                }
                $job.State | Should -BeIn @('NotStarted', 'Running')
                Start-Sleep -Milliseconds 200
            }
            $seen.Line | Should -Be @('line 500', 'new 1', 'new 2')
            $seen.LineNumber | Should -Be @(500, 501, 502)
        }
        finally {
            $job | Stop-Job
            $job.State | Should -Be 'Stopped'
            $job | Remove-Job -Force
        }
    }

    It 'refuses -Wait with -Path' {
        $spec = Write-Spec 'logs.yml' ((@('kind: readOnly') + (Get-Datacenters) + @('deployIn:', '  labels: [all]')))
        { Get-OverlordProjectLog -Path $spec -Date 2025-06-14_09h41m07s -Service web -Log create.log -Wait } |
            Should -Throw -ErrorId 'WaitNeedsOneNode,Overlord.PowerShell.Cmdlets.GetOverlordProjectLogCommand'
    }
}

Describe 'Get-OverlordVM and Get-OverlordAutoscale' {
    It 'passes on the node''s 404 for a VM without a job, locally and through the chain' {
        $err = $null
        Get-OverlordVM -Name freebsd-vm -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'NodeRefused,Overlord.PowerShell.Cmdlets.GetOverlordVMCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -Be "VM 'freebsd-vm' cannot be found."
        # Through a chain the hop reports the 404 in upstream's chain-failure shape.
        Get-OverlordVM -Name freebsd-vm -Chain alpha -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'passes on the node''s 404 for a project without an autoscale state' {
        { Get-OverlordAutoscale -Name web -ErrorAction Stop } |
            Should -Throw -ErrorId 'NodeRefused,Overlord.PowerShell.Cmdlets.GetOverlordAutoscaleCommand' -ExpectedMessage "Project 'web' cannot be found."
    }

    It 'takes the name from a vmJail-less spec only when it has one' {
        $spec = Write-Spec 'ro-vm.yml' ((@('kind: readOnly') + (Get-Datacenters) + @('deployIn:', '  labels: [all]')))
        { Get-OverlordVM -Path $spec } | Should -Throw -ErrorId 'NameRequired,Overlord.PowerShell.Cmdlets.GetOverlordVMCommand'
    }
}
