# New-OverlordToken, -Path spec targeting, log -Tail/-Wait, Get-OverlordTemplate, Get-OverlordVM and
# Get-OverlordAutoscale of the BUILT module against real overlord-node processes on 127.0.0.1: a root node and a
# child chained to it as 'alpha'. The tokens the tests use are minted by New-OverlordToken from the nodes' configs, so
# the nodes accepting them is the compatibility check. The nodes are started by build/OverlordTree.psm1.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'OverlordTestUtils.psm1') -Force
    Import-BuiltOverlordModule | Out-Null
    Import-OverlordTreeModule
    $Manifest = Get-BuiltModuleManifest

    $Work = Join-Path ([IO.Path]::GetTempPath()) "overlord-pester-misc-$PID"
    # No emulated hosts: jail tools are not needed here, and the project log below is written by hand.
    $nodes = Start-OverlordTree -Directory $Work -NoEmulator -Nodes @(
        @{ Name = 'root'; Labels = 'all', 'desktop' }
        @{ Name = 'alpha'; Labels = 'all', 'child'; Parent = 'root' })
    $RootConfig = $nodes[0].ConfigPath
    # Minted from the node's own config: the node accepting these tokens is the compatibility check.
    $Token = New-OverlordToken -ConfigPath $RootConfig -AsPlainText
    $Uri = $nodes[0].Uri.GetLeftPart([UriPartial]::Authority)
    # A port nothing listens on: an unreachable datacenter.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $Dead = "http://127.0.0.1:$($listener.LocalEndpoint.Port)"; $listener.Stop()

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
    if ($Work) { Stop-OverlordTree -Directory $Work -Remove | Out-Null }
}

Describe 'New-OverlordToken' {
    It 'mints a SecureString that Connect-OverlordNode accepts, and calls through the chain work with it' {
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
