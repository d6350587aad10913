# The node cmdlets of the BUILT module against real overlord-node processes on 127.0.0.1: a root node and a child
# chained to it as 'alpha'. The hosts have no jail tools, so the pollers idle and the hosts have no jails.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'OverlordTestUtils.psm1') -Force
    Import-BuiltOverlordModule | Out-Null
    Import-OverlordTreeModule

    $Work = Join-Path ([IO.Path]::GetTempPath()) "overlord-pester-nodes-$PID"
    # No emulated hosts: these nodes have no jail tools, so their pollers idle and they list no jails.
    $nodes = Start-OverlordTree -Directory $Work -NoEmulator -Nodes @(
        @{ Name = 'root'; Labels = 'all', 'desktop' }
        @{ Name = 'alpha'; Labels = 'all', 'child'; Parent = 'root' })
    $Token = $nodes[0].Token
    $Uri = $nodes[0].Uri.GetLeftPart([UriPartial]::Authority)
}

AfterAll {
    Disconnect-OverlordNode -ErrorAction SilentlyContinue
    if ($Work) { Stop-OverlordTree -Directory $Work -Remove | Out-Null }
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
        @(Get-OverlordChain -Tree -Label child, all).Path | Should -Be @('alpha')
        @(Get-OverlordChain -Tree -Label desktop).Count | Should -Be 0

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

    It 'shares the connection with the runspaces of the process (ForEach-Object -Parallel)' {
        Connect-OverlordNode -Uri $Uri -Token $Token
        $manifest = Get-BuiltModuleManifest
        $labels = @(1..2 | ForEach-Object -Parallel { Import-Module $using:manifest; (Get-OverlordLabel -Chain alpha).Name } -ThrottleLimit 2)
        ($labels | Sort-Object) | Should -Be @('all', 'all', 'child', 'child')
    }

    It 'completes -Chain from the connected node' {
        $result = TabExpansion2 -inputScript 'Get-OverlordLabel -Chain al' -cursorColumn 'Get-OverlordLabel -Chain al'.Length
        $result.CompletionMatches.CompletionText | Should -Be @('alpha')
    }

    It 'completes -Label from the labels of the node and its tree' {
        $all = TabExpansion2 -inputScript 'Get-OverlordChain -Tree -Label ' -cursorColumn 'Get-OverlordChain -Tree -Label '.Length
        $all.CompletionMatches.CompletionText | Should -Be @('all', 'child', 'desktop')
        $d = TabExpansion2 -inputScript 'Get-OverlordChain -Tree -Label d' -cursorColumn 'Get-OverlordChain -Tree -Label d'.Length
        $d.CompletionMatches.CompletionText | Should -Be @('desktop')
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
