# The help that `./build.ps1 build` generates from the doc comments (build/Help.ps1, build/HelpGen.ps1): read back
# with Get-Help in a fresh pwsh that imports the BUILT module, for every exported cmdlet. The generator's checks run
# on a small compiled stand-in module, so they do not depend on the state of the real cmdlets.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'OverlordTestUtils.psm1') -Force
    $Cmdlets = @((Import-PowerShellDataFile -LiteralPath (Get-BuiltModuleManifest)).CmdletsToExport)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'OverlordTestUtils.psm1') -Force
    $RepoRoot = Get-OverlordRepoRoot
    $ModuleDir = Get-BuiltModuleDirectory

    # One fresh pwsh reads the help of every cmdlet and writes what Get-Help shows as JSON.
    $reader = Join-Path $TestDrive 'Read-Help.ps1'
    Set-Content -LiteralPath $reader -Value @'
param([string] $Manifest, [string] $OutFile)
$ErrorActionPreference = 'Stop'
$module = Import-Module -Name $Manifest -PassThru
$skip = [System.Management.Automation.Cmdlet]::CommonParameters + @('UseTransaction')
$all = foreach ($c in Get-Command -Module $module.Name -CommandType Cmdlet) {
    $full = Get-Help -Name $c.Name -Full
    $examples = Get-Help -Name $c.Name -Examples
    $parameters = foreach ($name in $c.Parameters.Keys | Where-Object { $_ -notin $skip }) {
        $p = Get-Help -Name $c.Name -Parameter $name
        $meta = $c.Parameters[$name]
        [pscustomobject]@{
            Name = $name
            HelpName = "$($p.name)"
            Description = (@($p.description | ForEach-Object Text) -join "`n").Trim()
            Required = "$($p.required)"
            Position = "$($p.position)"
            PipelineInput = "$($p.pipelineInput)"
            Aliases = "$($p.aliases)"
            Mandatory = [bool]@($meta.ParameterSets.Values | Where-Object IsMandatory).Count
            ByValue = [bool]@($meta.ParameterSets.Values | Where-Object ValueFromPipeline).Count
            ByPropertyName = [bool]@($meta.ParameterSets.Values | Where-Object ValueFromPipelineByPropertyName).Count
            MetaAliases = @($meta.Aliases)
        }
    }
    [pscustomobject]@{
        Name = $c.Name
        HelpFile = $c.HelpFile
        Synopsis = "$($full.Synopsis)".Trim()
        Syntax = ($full.syntax | Out-String).Trim()
        Description = (@($full.description | ForEach-Object Text) -join "`n").Trim()
        Examples = @($full.examples.example | ForEach-Object {
            [pscustomobject]@{ Title = "$($_.title)"; Code = "$($_.code)"; Remarks = (@($_.remarks | ForEach-Object Text) -join ' ').Trim() }
        })
        ExampleCount = @($examples.examples.example).Count
        SyntaxBlocks = @($full.syntax.syntaxItem).Count
        ParameterSets = @($c.ParameterSets).Count
        Outputs = @($full.returnValues.returnValue | ForEach-Object { "$($_.type.name)" })
        Parameters = @($parameters)
        Text = $full | Out-String -Width 200
    }
}
ConvertTo-Json -InputObject @($all) -Depth 6 | Set-Content -LiteralPath $OutFile -Encoding utf8NoBOM
'@
    $json = Join-Path $TestDrive 'help.json'
    Invoke-ChildPwsh -ScriptPath $reader -ArgumentList @((Get-BuiltModuleManifest), $json) | Out-Null
    $Help = @{}
    foreach ($entry in Get-Content -LiteralPath $json -Raw | ConvertFrom-Json) {
        $Help[$entry.Name] = $entry
    }
}

Describe 'generated help of the Overlord cmdlets' {
    It 'ships en-US/Overlord.PowerShell.dll-Help.xml beside the cmdlet dll, as well-formed MAML' {
        $file = Join-Path $ModuleDir 'en-US/Overlord.PowerShell.dll-Help.xml'
        $file | Should -Exist
        $xml = [xml](Get-Content -LiteralPath $file -Raw)
        $xml.DocumentElement.LocalName | Should -Be 'helpItems'
        $ns = [System.Xml.XmlNamespaceManager]::new($xml.NameTable)
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $names = @($xml.SelectNodes('//command:command/command:details/command:name', $ns) | ForEach-Object InnerText)
        $names | Sort-Object | Should -Be (@($Help.Keys) | Sort-Object)
    }

    Context '<_>' -ForEach $Cmdlets {
        BeforeAll {
            $name = $_
            $h = $Help[$name]
        }

        It 'is read from the module help file' {
            $h | Should -Not -BeNullOrEmpty -Because "Get-Command -Module Overlord must list $name"
            $h.HelpFile | Should -BeLike '*Overlord.PowerShell.dll-Help.xml'
        }

        It 'has a written synopsis, not the generated syntax' {
            $h.Synopsis | Should -Not -BeNullOrEmpty
            $h.Synopsis | Should -Not -BeLike "$name*" -Because 'a synopsis says what the cmdlet does, not its name'
            $h.Synopsis | Should -Not -Match '\[-\w+'
            $h.Synopsis | Should -Match '^[A-Z].*\.$'
        }

        It 'has a description' {
            $h.Description.Length | Should -BeGreaterThan 40
        }

        It 'has one syntax block per parameter set' {
            $h.SyntaxBlocks | Should -Be $h.ParameterSets
            $h.Syntax | Should -BeLike "*$name*"
        }

        It 'describes every parameter, with the metadata PowerShell has' {
            foreach ($p in $h.Parameters) {
                $p.HelpName | Should -Be $p.Name
                $p.Description | Should -Not -BeNullOrEmpty -Because "-$($p.Name) of $name needs a description"
                $p.Required | Should -Be "$($p.Mandatory)".ToLowerInvariant() -Because "-$($p.Name) of $name"
                $expected = if ($p.ByValue -and $p.ByPropertyName) { 'True (ByValue, ByPropertyName)' }
                elseif ($p.ByValue) { 'True (ByValue)' } elseif ($p.ByPropertyName) { 'True (ByPropertyName)' } else { 'False' }
                $p.PipelineInput | Should -Be $expected -Because "-$($p.Name) of $name"
                if (@($p.MetaAliases).Count -gt 0) {
                    $p.Aliases | Should -Be (@($p.MetaAliases) -join ', ')
                }
            }
        }

        It 'has examples with code and an explanation' {
            @($h.Examples).Count | Should -BeGreaterThan 0
            foreach ($e in $h.Examples) {
                $e.Code | Should -BeLike 'PS> *' -Because 'an example shows the command line it runs'
                $e.Code | Should -BeLike "*$name*" -Because 'an example runs the cmdlet it documents'
                $e.Title | Should -Match '^Example \d+: \S'
                $e.Remarks | Should -Not -BeNullOrEmpty
            }
        }

        It 'Get-Help -Examples shows the same examples' {
            $h.ExampleCount | Should -Be @($h.Examples).Count
        }

        It 'lists outputs and renders every section of -Full' {
            @($h.Outputs).Count | Should -BeGreaterThan 0
            foreach ($section in 'NAME', 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'PARAMETERS', 'INPUTS', 'OUTPUTS') {
                $h.Text | Should -Match "(?m)^$section\s*$"
            }
            $h.Text | Should -Match 'Example 1: '
        }
    }
}

Describe 'help generator' {
    BeforeAll {
        . (Join-Path $RepoRoot 'build/Help.ps1')
        # A stand-in module of two cmdlets, compiled here; the doc files are written by hand per test.
        $fakeDir = Join-Path $TestDrive 'fake'
        $null = New-Item -ItemType Directory -Path $fakeDir -Force
        $FakeDll = Join-Path $fakeDir 'FakeHelp.dll'
        Add-Type -OutputAssembly $FakeDll -OutputType Library -TypeDefinition @'
using System.Management.Automation;
namespace FakeHelp
{
    [Cmdlet(VerbsCommon.Get, "FakeGood")]
    [OutputType(typeof(string))]
    public sealed class GetFakeGoodCommand : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [SupportsWildcards]
        public string[] Name { get; set; }
        protected override void ProcessRecord() { WriteObject("good"); }
    }

    [Cmdlet(VerbsCommon.Get, "FakeBad")]
    [OutputType(typeof(string))]
    public sealed class GetFakeBadCommand : PSCmdlet
    {
        [Parameter(Mandatory = true)]
        public string Id { get; set; }
        protected override void ProcessRecord() { WriteObject(Id); }
    }
}
'@
        $good = @'
    <member name="T:FakeHelp.GetFakeGoodCommand">
      <summary>Gets good things.</summary>
      <remarks><para>Writes the word good.</para><para>Second paragraph with <c>code</c>.</para></remarks>
      <example>
        <code>PS> Get-FakeGood
            good</code>
        <para>Writes good. Then stops.</para>
      </example>
      <seealso cref="T:FakeHelp.GetFakeBadCommand"/>
    </member>
    <member name="P:FakeHelp.GetFakeGoodCommand.Name">
      <summary>Names; see <see cref="T:FakeHelp.GetFakeBadCommand"/>.</summary>
    </member>
'@
        function Write-FakeDoc([string] $Members) {
            $path = Join-Path $TestDrive "doc-$([guid]::NewGuid()).xml"
            Set-Content -LiteralPath $path -Value "<?xml version=`"1.0`"?><doc><assembly><name>FakeHelp</name></assembly><members>$Members</members></doc>"
            $path
        }
    }

    It 'writes MAML that Get-Help reads, when every cmdlet is documented' {
        $doc = Write-FakeDoc ($good + @'
    <member name="T:FakeHelp.GetFakeBadCommand">
      <summary>Gets a bad thing.</summary>
      <remarks><para>Writes the id.</para></remarks>
      <example title="Write an id"><code>PS> Get-FakeBad -Id 7
7</code><para>Writes 7.</para></example>
    </member>
    <member name="P:FakeHelp.GetFakeBadCommand.Id">
      <summary>The id.</summary>
    </member>
'@)
        $out = Join-Path $TestDrive 'ok/en-US'
        $files = @(New-OverlordModuleHelp -ModulePath $FakeDll -DocumentationFile $doc -OutputDirectory $out)
        $files | Should -Be @(Join-Path $out 'FakeHelp.dll-Help.xml')
        $null = [xml](Get-Content -LiteralPath $files[0] -Raw)

        # Get-Help reads the file from the culture folder beside the dll, in a fresh pwsh.
        Copy-Item -LiteralPath $FakeDll -Destination (Join-Path $TestDrive 'ok')
        $script = Join-Path $TestDrive 'read-fake.ps1'
        Set-Content -LiteralPath $script -Value @'
param([string] $Dll)
Import-Module $Dll
$h = Get-Help Get-FakeGood -Full
$h.Synopsis
($h.description | ForEach-Object { $_.Text.Trim() }) -join '|'
$h.examples.example[0].title
$h.examples.example[0].code
(Get-Help Get-FakeGood -Parameter Name).globbing
(Get-Help Get-FakeGood -Parameter Name).pipelineInput
(Get-Help Get-FakeGood -Parameter Name).description.Text
$h.relatedLinks.navigationLink.linkText
(Get-Help Get-FakeBad -Full).examples.example[0].title
'@
        $lines = @(Invoke-ChildPwsh -ScriptPath $script -ArgumentList (Join-Path $TestDrive 'ok/FakeHelp.dll'))
        $lines[0] | Should -Be 'Gets good things.'
        $lines[1] | Should -Be 'Writes the word good.|Second paragraph with code.'
        $lines[2] | Should -Be 'Example 1: Writes good'
        $lines[3] | Should -Be 'PS> Get-FakeGood'
        $lines[4] | Should -Be 'good'
        $lines[5] | Should -Be 'true'
        $lines[6] | Should -Be 'True (ByValue)'
        $lines[7] | Should -Be 'Names; see Get-FakeBad.'
        $lines[8] | Should -Be 'Get-FakeBad'
        $lines[9] | Should -Be 'Example 1: Write an id'
    }

    It 'fails naming the cmdlet that has no example and the parameter that has no summary' {
        $doc = Write-FakeDoc ($good + @'
    <member name="T:FakeHelp.GetFakeBadCommand">
      <summary>Gets a bad thing.</summary>
      <remarks><para>Writes the id.</para></remarks>
    </member>
'@)
        $out = Join-Path $TestDrive 'bad/en-US'
        $failure = { New-OverlordModuleHelp -ModulePath $FakeDll -DocumentationFile $doc -OutputDirectory $out } |
            Should -Throw -PassThru
        $message = $failure.Exception.Message
        $message | Should -BeLike '*Get-FakeBad (FakeHelp.GetFakeBadCommand): no <example> with <code>.*'
        $message | Should -BeLike '*Get-FakeBad (FakeHelp.GetFakeBadCommand): parameter -Id has no <summary>.*'
        $message | Should -Not -BeLike '*Get-FakeGood*'
        Join-Path $out 'FakeHelp.dll-Help.xml' | Should -Not -Exist
    }

    It 'fails naming the cmdlet that has no synopsis; -SkipCheck only warns' {
        $doc = Write-FakeDoc $good
        $out = Join-Path $TestDrive 'nosynopsis/en-US'
        { New-OverlordModuleHelp -ModulePath $FakeDll -DocumentationFile $doc -OutputDirectory $out } |
            Should -Throw '*Get-FakeBad (FakeHelp.GetFakeBadCommand): no <summary> (synopsis) on the class.*'
        $warnings = @()
        $files = @(New-OverlordModuleHelp -ModulePath $FakeDll -DocumentationFile $doc -OutputDirectory $out -SkipCheck -WarningVariable warnings -WarningAction SilentlyContinue)
        $files.Count | Should -Be 1
        @($warnings | Where-Object { "$_" -like 'Get-FakeBad*no <summary> (synopsis)*' }).Count | Should -Be 1
    }
}
