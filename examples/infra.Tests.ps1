# Infrastructure tests for a cluster run by Overlord: what a user checks after deploying examples/web.yml, db.yml and
# metadata.yml. Point it at any cluster: with parameters (Pester container data) or at the node of the session's
# Connect-OverlordNode.
#
#   $c = New-PesterContainer -Path examples/infra.Tests.ps1 -Data @{ Uri = 'http://127.0.0.1:8888'; Token = $token }
#   Invoke-Pester -Container $c -Output Detailed
#   # or: Connect-OverlordNode ...; Invoke-Pester examples/infra.Tests.ps1
#
# `./build.ps1 sandbox -Smoke` runs it against the sandbox.
param(
    # The entry node; empty = the node of Connect-OverlordNode.
    [string] $Uri,
    # Its access token (with -Uri).
    [string] $Token,
    # The project every node labelled $WebLabel runs (and no other node runs).
    [string] $WebProject = 'web',
    [string] $WebLabel = 'web',
    # The project every node labelled $DbLabel runs.
    [string] $DbProject = 'db',
    [string] $DbLabel = 'db',
    # Metadata every web node holds (examples/metadata.yml writes it with metadataPrefix 'web').
    [string[]] $WebMetadataKey = @('web.index.html', 'web.nginx.conf'),
    # How long a project may take to show up and reach DONE (the nodes poll Director every few seconds).
    [int] $TimeoutSeconds = 30
)

BeforeAll {
    if (-not (Get-Module Overlord)) { Import-Module Overlord -ErrorAction Stop }
    if ($Uri) {
        Connect-OverlordNode -Uri $Uri -Token $Token
    }

    # Every node of the cluster: the entry node (chain '') and every chain below it, with its labels.
    $tree = @(Get-OverlordChain -Tree)
    $Nodes = @([pscustomobject]@{ Chain = ''; Labels = @(Get-OverlordLabel | ForEach-Object Name); Error = $null }) +
        @($tree | ForEach-Object { [pscustomobject]@{ Chain = $_.Path; Labels = @($_.Labels); Error = $_.Error } })
    $Reachable = @($Nodes | Where-Object { -not $_.Error })

    function Get-NodeName([string] $Chain) { if ($Chain) { $Chain } else { '<entry>' } }

    # The projects of one node, waiting until $Project shows up with a final state (the node's poller lists it).
    function Get-SettledProject([string] $Chain, [string] $Project) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        do {
            $found = @(Get-OverlordProject -Chain $Chain -ErrorAction SilentlyContinue | Where-Object Name -eq $Project)
            if ($found.Count -gt 0 -and $found[0].State -in 'DONE', 'FAILED', 'UNFINISHED') { return $found[0] }
            Start-Sleep -Milliseconds 500
        } while ($watch.Elapsed.TotalSeconds -lt $TimeoutSeconds)
        $found | Select-Object -First 1
    }
}

Describe 'the cluster' {
    It 'answers on every chain of the tree' {
        $Nodes.Count | Should -BeGreaterThan 0
        $broken = @($Nodes | Where-Object Error | ForEach-Object { "$($_.Chain): $($_.Error)" })
        $broken | Should -BeNullOrEmpty
    }

    It 'reads the labels of every node through its chain' {
        foreach ($node in $Reachable | Where-Object Chain) {
            @(Get-OverlordLabel -Chain $node.Chain | ForEach-Object Name) | Should -Be $node.Labels -Because "chain $($node.Chain)"
        }
    }

    It 'has at least one node labelled <_>' -ForEach @('web', 'db') {
        $label = if ($_ -eq 'web') { $WebLabel } else { $DbLabel }
        @($Reachable | Where-Object { $_.Labels -contains $label }).Count | Should -BeGreaterThan 0
    }
}

Describe 'the web project' {
    It 'runs on every node labelled web, and is DONE' {
        foreach ($node in $Reachable | Where-Object { $_.Labels -contains $WebLabel }) {
            $project = Get-SettledProject $node.Chain $WebProject
            $project | Should -Not -BeNullOrEmpty -Because "$(Get-NodeName $node.Chain) is labelled $WebLabel"
            $project.State | Should -Be 'DONE' -Because "$WebProject on $(Get-NodeName $node.Chain)"
            $project.Locked | Should -Not -BeTrue
        }
    }

    It 'runs nowhere else (no node without the label runs it)' {
        foreach ($node in $Reachable | Where-Object { $_.Labels -notcontains $WebLabel }) {
            @(Get-OverlordProject -Chain $node.Chain | Where-Object Name -eq $WebProject).Count |
                Should -Be 0 -Because "$(Get-NodeName $node.Chain) is not labelled $WebLabel"
        }
    }

    It 'has its service jail on every web node' {
        foreach ($node in $Reachable | Where-Object { $_.Labels -contains $WebLabel }) {
            $project = Get-SettledProject $node.Chain $WebProject
            $project.Services | Should -Not -BeNullOrEmpty -Because "$WebProject on $(Get-NodeName $node.Chain) has services"
            $jails = @(Get-OverlordJail -Chain $node.Chain | ForEach-Object Name)
            foreach ($service in $project.Services) {
                $jails | Should -Contain $service.Jail -Because "service $($service.Name) of $WebProject on $(Get-NodeName $node.Chain)"
            }
        }
    }

    It 'has the web metadata on every web node' {
        foreach ($node in $Reachable | Where-Object { $_.Labels -contains $WebLabel }) {
            $keys = @(Get-OverlordMetadata -Chain $node.Chain | ForEach-Object Key)
            foreach ($key in $WebMetadataKey) {
                $keys | Should -Contain $key -Because "$(Get-NodeName $node.Chain) is labelled $WebLabel"
            }
        }
    }
}

Describe 'the db project' {
    It 'runs on every node labelled db, and is DONE' {
        foreach ($node in $Reachable | Where-Object { $_.Labels -contains $DbLabel }) {
            $project = Get-SettledProject $node.Chain $DbProject
            $project | Should -Not -BeNullOrEmpty -Because "$(Get-NodeName $node.Chain) is labelled $DbLabel"
            $project.State | Should -Be 'DONE' -Because "$DbProject on $(Get-NodeName $node.Chain)"
        }
    }

    It 'never runs on a web-only node' {
        foreach ($node in $Reachable | Where-Object { $_.Labels -contains $WebLabel -and $_.Labels -notcontains $DbLabel }) {
            @(Get-OverlordProject -Chain $node.Chain | Where-Object Name -eq $DbProject).Count |
                Should -Be 0 -Because "$(Get-NodeName $node.Chain) is not labelled $DbLabel"
        }
    }
}
