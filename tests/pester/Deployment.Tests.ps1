# Deployments end to end with the BUILT module (imported fresh) against five real overlord-node processes on
# 127.0.0.1, each on its own emulated jail host (build/OverlordTree.psm1):
#   main [all, entry] → alpha [all, web] → { bravo [all, web], charlie [all, db] → delta [all, web] }
# What each host's Director was asked to do is read from its emulator journal.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'OverlordTestUtils.psm1') -Force
    Get-Module Overlord | Remove-Module -Force
    Import-BuiltOverlordModule | Out-Null
    Import-OverlordTreeModule

    $Work = Join-Path ([IO.Path]::GetTempPath()) "overlord-pester-deploy-$PID"
    $Nodes = @(Start-OverlordTree -Directory (Join-Path $Work 'tree') -Nodes @(
            @{ Name = 'main'; Labels = 'all', 'entry' }
            @{ Name = 'alpha'; Labels = 'all', 'web'; Parent = 'main' }
            @{ Name = 'bravo'; Labels = 'all', 'web'; Parent = 'alpha' }
            @{ Name = 'charlie'; Labels = 'all', 'db'; Parent = 'alpha' }
            @{ Name = 'delta'; Labels = 'all', 'web'; Parent = 'charlie' }))
    $Root = $Nodes[0]
    $Node = @{}
    $Nodes | ForEach-Object { $Node[$_.Name] = $_ }
    $WebChains = @('alpha', 'alpha.bravo', 'alpha.charlie.delta')

    # A Director project whose one service builds from an empty local Makejail (the emulated hosts have no network).
    Set-Content -LiteralPath (Join-Path $Work 'Makejail') -Value '# nothing to build'
    Set-Content -LiteralPath (Join-Path $Work 'director.yml') -Value @(
        'services:', '  app:', "    makejail: '$(Join-Path $Work 'Makejail')'")

    function New-SpecFile([string] $Name, [string] $Project, [string] $Labels) {
        $path = Join-Path $Work "$Name.yml"
        Set-Content -LiteralPath $path -Value @(
            'kind: directorProject'
            'datacenters:'
            '  main:'
            "    entrypoint: '$($Root.Uri.GetLeftPart([UriPartial]::Authority))'"
            "    access_token: '$($Root.Token)'"
            'deployIn:'
            "  labels: [$Labels]"
            "projectName: $Project"
            'projectFile: director.yml'
            'environment:'
            '  GREETING: hello')
        $path
    }
    $ShopSpec = New-SpecFile 'shop' 'shop' 'web'

    # The Director calls a node's emulated host received (not the nested AppJail ones).
    function Get-DirectorCall([string] $NodeName, [string] $Command, [string] $Project) {
        $journal = Join-Path $Node[$NodeName].HostRoot '.emu/journal.jsonl'
        if (-not (Test-Path -LiteralPath $journal)) { return @() }
        @(Get-Content -LiteralPath $journal | ForEach-Object { $_ | ConvertFrom-Json } |
                Where-Object { $_.tool -eq 'appjail-director' -and -not $_.nested -and $_.argv[0] -eq $Command -and
                    ($_.argv -contains $Project -or $_.env.DIRECTOR_PROJECT -eq $Project) })
    }

    # The node's project list comes from its poller (every 2 s here): wait until $Present holds for $Project.
    function Wait-ProjectListed([string] $Chain, [string] $Project, [bool] $Present = $true, [int] $Seconds = 30) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        do {
            $found = @(Get-OverlordProject -Chain $Chain -ErrorAction SilentlyContinue | Where-Object Name -eq $Project)
            if (($found.Count -gt 0) -eq $Present -and (-not $Present -or $found[0].State)) { return $found }
            Start-Sleep -Milliseconds 250
        } while ($watch.Elapsed.TotalSeconds -lt $Seconds)
        $found
    }

    Connect-OverlordNode -Uri $Root.Uri -Token $Root.Token
}

AfterAll {
    Disconnect-OverlordNode -ErrorAction SilentlyContinue
    if ($Work) {
        Stop-OverlordTree -Directory (Join-Path $Work 'tree') | Out-Null
        Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Describe 'the life of a deployment' {
    It 'deploys on exactly the label-matching nodes and every job ends COMPLETED' {
        $deployments = @(New-OverlordDeployment -Path $ShopSpec)
        @($deployments.Chain | Sort-Object) | Should -Be $WebChains
        $deployments | ForEach-Object {
            $_.Status | Should -Be 'Accepted'
            $_.Action | Should -Be 'up'
            $_.Project | Should -Be 'shop'
            $_.JobId | Should -Not -BeNullOrEmpty
        }

        $statuses = @($deployments | Wait-OverlordDeployment -Timeout 90 -PollInterval 0.25)
        @($statuses.Chain | Sort-Object) | Should -Be $WebChains
        @($statuses | Where-Object Status -ne 'COMPLETED') | Should -BeNullOrEmpty
        $statuses | ForEach-Object { $_.Succeeded | Should -BeTrue }

        foreach ($name in 'alpha', 'bravo', 'delta') {
            $up = @(Get-DirectorCall $name 'up' 'shop')
            $up.Count | Should -Be 1 -Because "$name is labelled web"
            $up[0].env.GREETING | Should -BeNullOrEmpty -Because 'the journal keeps only DIRECTOR_* and OVERLORD_* variables'
        }
        foreach ($name in 'main', 'charlie') {
            @(Get-DirectorCall $name 'up' 'shop').Count | Should -Be 0 -Because "$name is not labelled web"
        }
    }

    It 'shows the project with Get-OverlordProject on each web node' {
        foreach ($chain in $WebChains) {
            $project = @(Wait-ProjectListed $chain 'shop')
            $project.Count | Should -Be 1 -Because "chain $chain"
            $project[0].State | Should -Be 'DONE'
            $project[0].Chain | Should -Be $chain
            $project[0].Services.Name | Should -Contain 'app'
        }
        @(Get-OverlordProject | Where-Object Name -eq 'shop').Count | Should -Be 0
        @(Get-OverlordProject -Chain alpha.charlie | Where-Object Name -eq 'shop').Count | Should -Be 0
    }

    It 'gives NOOP when the same spec is applied again' {
        $statuses = @(New-OverlordDeployment -Path $ShopSpec | Wait-OverlordDeployment -Timeout 90 -PollInterval 0.25)
        $statuses.Count | Should -Be 3
        @($statuses | Where-Object Status -ne 'NOOP') | Should -BeNullOrEmpty
    }

    It 'changes nothing with -WhatIf' {
        $before = @(Get-DirectorCall 'alpha' 'up' 'shop').Count
        @(New-OverlordDeployment -Path $ShopSpec -WhatIf).Count | Should -Be 0
        @(Remove-OverlordDeployment -Path $ShopSpec -Force -WhatIf).Count | Should -Be 0
        @(Get-DirectorCall 'alpha' 'up' 'shop').Count | Should -Be $before
        @(Get-DirectorCall 'alpha' 'down' 'shop').Count | Should -Be 0
    }

    It 'removes it with Remove-OverlordDeployment, and it is gone' {
        $removed = @(Remove-OverlordDeployment -Path $ShopSpec -Force -Confirm:$false)
        @($removed.Chain | Sort-Object) | Should -Be $WebChains
        $removed | ForEach-Object { $_.Action | Should -Be 'down' }
        $statuses = @($removed | Wait-OverlordDeployment -Timeout 90 -PollInterval 0.25)
        @($statuses | Where-Object Status -ne 'COMPLETED') | Should -BeNullOrEmpty
        foreach ($chain in $WebChains) {
            @(Wait-ProjectListed $chain 'shop' -Present $false).Count | Should -Be 0 -Because "chain $chain"
        }
        foreach ($name in 'alpha', 'bravo', 'delta') {
            @(Get-DirectorCall $name 'down' 'shop').Count | Should -Be 1 -Because "$name ran shop"
        }
    }
}

Describe 'piping between cmdlets' {
    BeforeAll {
        $PipeSpec = New-SpecFile 'pipe' 'pipe' 'web'
        $null = New-OverlordDeployment -Path $PipeSpec | Wait-OverlordDeployment -Timeout 90 -PollInterval 0.25
    }

    It 'Get-OverlordProject | Where-Object | Remove-OverlordDeployment -WhatIf changes nothing' {
        $project = @(Wait-ProjectListed 'alpha.bravo' 'pipe')
        $project.Count | Should -Be 1
        $err = $null
        $out = @($project | Remove-OverlordDeployment -Force -WhatIf -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -BeNullOrEmpty
        $out.Count | Should -Be 0
        @(Get-DirectorCall 'bravo' 'down' 'pipe').Count | Should -Be 0
        @(Get-OverlordProject -Chain alpha.bravo -Name pipe).Count | Should -Be 1
    }

    It 'Get-OverlordProject | Stop-OverlordDeployment queues a cancel job on that node only' {
        $cancel = @(Get-OverlordProject -Chain alpha.bravo | Where-Object Name -eq 'pipe' | Stop-OverlordDeployment)
        $cancel.Count | Should -Be 1
        $cancel[0].Action | Should -Be 'cancel'
        $cancel[0].Chain | Should -Be 'alpha.bravo'
        $cancel[0].Status | Should -Be 'Accepted'
        $status = @($cancel | Wait-OverlordDeployment -Timeout 60 -PollInterval 0.25)
        $status.Count | Should -Be 1
        $status[0].Kind | Should -Be 'cancel'
        $status[0].Status | Should -BeIn 'COMPLETED', 'NOOP'
        @(Get-DirectorCall 'alpha' 'cancel' 'pipe').Count | Should -Be 0
    }

    It 'Get-OverlordProject | Where-Object | Remove-OverlordDeployment -Force removes the matched projects' {
        $projects = @($WebChains | ForEach-Object { Wait-ProjectListed $_ 'pipe' })
        $projects.Count | Should -Be 3
        $removed = @($projects | Where-Object Chain -like 'alpha.*' | Remove-OverlordDeployment -Force -Confirm:$false)
        @($removed.Chain | Sort-Object) | Should -Be @('alpha.bravo', 'alpha.charlie.delta')
        @($removed | Wait-OverlordDeployment -Timeout 90 -PollInterval 0.25 | Where-Object Status -ne 'COMPLETED') | Should -BeNullOrEmpty
        @(Wait-ProjectListed 'alpha.bravo' 'pipe' -Present $false).Count | Should -Be 0
        # The one left out by Where-Object is still there.
        @(Get-OverlordProject -Chain alpha -Name pipe).Count | Should -Be 1
    }
}

Describe 'stopping a running deployment' {
    It 'Stop-OverlordDeployment -Path cancels a deploy whose build hangs, and the up job ends FAILED' {
        # bravo's emulated host hangs the makejail of project 'stuck' (the emulator's hang knob) until Director is stopped.
        $faults = Join-Path $Node['bravo'].HostRoot '.emu/faults.json'
        Set-Content -LiteralPath $faults -Value '[{"tool":"appjail","effect":"hang","argv":"makejail *","project":"stuck"}]'
        try {
            $spec = New-SpecFile 'stuck' 'stuck' 'web'
            $up = @(New-OverlordDeployment -Path $spec -Chain alpha.bravo)
            $up.Count | Should -Be 1
            $up[0].Status | Should -Be 'Accepted'
            # Director holds the project's lock while `up` runs; the build hangs inside it.
            $lock = Join-Path $Node['bravo'].HostRoot 'director/locks/stuck/lock'
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            while (-not (Test-Path -LiteralPath $lock)) {
                if ($watch.Elapsed.TotalSeconds -gt 60) { throw "Director never started up for 'stuck' on bravo" }
                Start-Sleep -Milliseconds 200
            }
            $timeouts = $null
            @($up | Wait-OverlordDeployment -Timeout 1 -PollInterval 0.2 -ErrorVariable timeouts -ErrorAction SilentlyContinue).Count | Should -Be 0
            @($timeouts | ForEach-Object FullyQualifiedErrorId) | Should -Be @('DeploymentTimeout,Overlord.PowerShell.Cmdlets.WaitOverlordDeploymentCommand')

            $cancel = @(Stop-OverlordDeployment -Path $spec -Chain alpha.bravo)
            $cancel.Count | Should -Be 1
            $cancel[0].Action | Should -Be 'cancel'
            $final = @($up | Wait-OverlordDeployment -Timeout 60 -PollInterval 0.2)
            $final[0].Status | Should -Be 'FAILED'
            $final[0].Message | Should -Be 'cancelled'
            @($cancel | Wait-OverlordDeployment -Timeout 60 -PollInterval 0.2)[0].Status | Should -Be 'COMPLETED'
            @(Get-DirectorCall 'bravo' 'cancel' 'stuck').Count | Should -Be 1
            # Only bravo was asked: the other web nodes never saw the project.
            @(Get-DirectorCall 'alpha' 'up' 'stuck').Count | Should -Be 0
        }
        finally { Remove-Item -LiteralPath $faults -ErrorAction SilentlyContinue }
    }
}

Describe 'a dead node in the middle of the tree' {
    It 'reports the dead branch as errors and deploys everywhere else' {
        $Node['charlie'] | Stop-OverlordTreeNode
        $spec = New-SpecFile 'afterdeath' 'afterdeath' 'all'
        $errors = $null
        $deployments = @(New-OverlordDeployment -Path $spec -ErrorVariable errors -ErrorAction SilentlyContinue)

        # main, alpha and bravo are alive; charlie is dead and delta only reachable through it.
        @($deployments | Where-Object Status -eq 'Accepted' | ForEach-Object Chain | Sort-Object) | Should -Be @('', 'alpha', 'alpha.bravo')
        @($errors).Count | Should -BeGreaterThan 0
        $errors | ForEach-Object { $_ | Should -BeOfType ([System.Management.Automation.ErrorRecord]) }
        ($errors | ForEach-Object { "$($_.Exception.Message) $($_.TargetObject)" }) -join "`n" | Should -Match 'charlie'
        @($errors | ForEach-Object FullyQualifiedErrorId) | Should -Match '^(NodeUnreachable|DeploymentFailed),'

        $statuses = @($deployments | Where-Object JobId | Wait-OverlordDeployment -Timeout 90 -PollInterval 0.25)
        $statuses.Count | Should -Be 3
        @($statuses | Where-Object Status -ne 'COMPLETED') | Should -BeNullOrEmpty
        @(Get-DirectorCall 'delta' 'up' 'afterdeath').Count | Should -Be 0
    }
}
