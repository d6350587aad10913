# Module manifest for Overlord for PowerShell.
# build.ps1 replaces the ModuleVersion placeholder below with <ModuleVersion> from Directory.Build.props, the only
# version source. This file is not importable as it stands: import the built module from out/module/Overlord.
@{
    RootModule           = 'Overlord.PowerShell.dll'
    ModuleVersion        = '{{ModuleVersion}}'
    GUID                 = '1dab3af9-2819-4cfb-9a8d-1d10a67ffed6'
    Author               = 'Overlord for PowerShell contributors'
    CompanyName          = 'Overlord for PowerShell contributors'
    Copyright            = '(c) Overlord for PowerShell contributors.'
    Description          = 'GitOps orchestration of FreeBSD jails and bhyve VMs: a re-implementation of Overlord (DtxdF/overlord) as PowerShell cmdlets that read Overlord spec files and talk to Overlord nodes.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'
    FormatsToProcess     = @('Overlord.format.ps1xml')
    CmdletsToExport      = @(
        'Connect-OverlordNode'
        'Disconnect-OverlordNode'
        'Get-OverlordChain'
        'Get-OverlordJail'
        'Get-OverlordJailLog'
        'Get-OverlordLabel'
        'Get-OverlordMetadata'
        'Get-OverlordNamespace'
        'Get-OverlordProject'
        'Get-OverlordProjectLog'
        'Get-OverlordSpec'
        'Get-OverlordStats'
        'New-OverlordDeployment'
        'Remove-OverlordDeployment'
        'Remove-OverlordMetadata'
        'Set-OverlordMetadata'
        'Stop-OverlordDeployment'
        'Test-OverlordSpec'
        'Wait-OverlordDeployment'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags = @('Overlord', 'FreeBSD', 'Jails', 'bhyve', 'AppJail', 'GitOps', 'Orchestration', 'PSEdition_Core')
        }
    }
}
