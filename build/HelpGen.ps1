#Requires -Version 7.4
<#
.SYNOPSIS
    Writes the MAML help of a binary module's cmdlets from the XML documentation of the assembly that defines them.

.DESCRIPTION
    Run in its own pwsh (build/Help.ps1 starts it): it imports the module, so it must not share a session with the
    build. The text comes from the doc comments (class <summary> = synopsis, <remarks> = description, <example>
    = examples titled by their title attribute or first sentence, property <summary> = parameter description and
    <value> = its default value, <seealso cref> = related links); everything else
    (syntax, parameter sets, types, positions, pipeline input, aliases, wildcards, output types) comes from
    PowerShell's own view of the imported cmdlets, so the help says what Get-Command says.

    Prints 'wrote: <file>' per help file and 'warning: <problem>' per help problem when -SkipCheck is given;
    otherwise a help problem prints 'error: <problem>' lines and exits with 1.
#>
[CmdletBinding()]
param(
    # The module to import: a manifest or the cmdlet dll.
    [Parameter(Mandatory)] [string] $ModulePath,
    # The XML documentation file the compiler wrote for the cmdlet assembly.
    [Parameter(Mandatory)] [string] $DocumentationFile,
    # The folder of the help files, en-US beside the cmdlet dll.
    [Parameter(Mandatory)] [string] $OutputDirectory,
    # Report help problems as warnings and write the help anyway (local use only).
    [switch] $SkipCheck
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Ns = @{
    maml = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

# The ShouldProcess parameters are not documented by the cmdlets but are shown in help like PowerShell's own.
$ShouldProcessText = @{
    WhatIf = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

# --- doc comment text -------------------------------------------------------------------------------------------

# The short name a cref stands for: the cmdlet name for a cmdlet class, else the last name part.
function Get-CrefText([string] $Cref) {
    $id = $Cref -replace '^[A-Z]:', ''
    if ($script:CmdletByType.ContainsKey($id)) {
        return $script:CmdletByType[$id]
    }
    $id = $id -replace '\(.*$', '' -replace '`\d+$', ''
    ($id -split '\.')[-1]
}

# Inline text of a doc node: <c> and <code> as their text, <see>/<seealso> as the short name, whitespace collapsed.
function Get-InlineText([System.Xml.XmlNode] $Node) {
    $sb = [System.Text.StringBuilder]::new()
    foreach ($child in $Node.ChildNodes) {
        switch ($child.NodeType) {
            { $_ -in 'Text', 'CDATA', 'Whitespace', 'SignificantWhitespace' } { $null = $sb.Append($child.Value) }
            'Element' {
                switch ($child.LocalName) {
                    { $_ -in 'see', 'seealso' } {
                        if ($child.HasAttribute('cref')) {
                            $text = $child.InnerText.Trim()
                            $null = $sb.Append($(if ($text) { $text } else { Get-CrefText $child.GetAttribute('cref') }))
                        }
                        elseif ($child.HasAttribute('langword')) { $null = $sb.Append($child.GetAttribute('langword')) }
                        elseif ($child.HasAttribute('href')) {
                            $text = $child.InnerText.Trim()
                            $null = $sb.Append($(if ($text) { $text } else { $child.GetAttribute('href') }))
                        }
                        else { $null = $sb.Append($child.InnerText) }
                    }
                    { $_ -in 'paramref', 'typeparamref' } { $null = $sb.Append($child.GetAttribute('name')) }
                    default { $null = $sb.Append((Get-InlineText $child)) }
                }
            }
        }
    }
    ($sb.ToString() -replace '\s+', ' ').Trim()
}

# The paragraphs of a doc element: each <para> is one, text outside them is one per run. <code> and <example>
# children are left to their callers.
function Get-Paragraphs([System.Xml.XmlNode] $Node) {
    $paragraphs = [Collections.Generic.List[string]]::new()
    if ($null -eq $Node) { return }
    $loose = [System.Xml.XmlDocument]::new().CreateElement('run')
    $flush = {
        $text = Get-InlineText $loose
        if ($text) { $paragraphs.Add($text) }
        $loose.RemoveAll()
    }
    foreach ($child in @($Node.ChildNodes)) {
        if ($child.NodeType -eq 'Element' -and $child.LocalName -eq 'para') {
            & $flush
            $text = Get-InlineText $child
            if ($text) { $paragraphs.Add($text) }
        }
        elseif ($child.NodeType -eq 'Element' -and $child.LocalName -eq 'code') {
            continue
        }
        else {
            $null = $loose.AppendChild($loose.OwnerDocument.ImportNode($child, $true))
        }
    }
    & $flush
    $paragraphs
}

# The text of a <code> element without the indentation the compiler adds to the XML file.
function Get-CodeText([System.Xml.XmlNode] $Code) {
    $lines = @($Code.InnerText -replace "`r", '' -split "`n")
    $first = $lines[0].Trim()
    $rest = @($lines | Select-Object -Skip 1)
    $indents = @($rest | Where-Object { $_.Trim() } | ForEach-Object { $_.Length - $_.TrimStart().Length })
    $cut = if ($indents.Count -gt 0) { ($indents | Measure-Object -Minimum).Minimum } else { 0 }
    $all = @($first) + @($rest | ForEach-Object { if ($_.Length -ge $cut) { $_.Substring($cut).TrimEnd() } else { $_.Trim() } })
    ($all -join "`n").Trim("`n")
}

# --- PowerShell's view ------------------------------------------------------------------------------------------

# The doc member of a type or property; <inheritdoc/> or a missing summary falls back to the base class's member.
function Get-PropertyDoc([type] $Type, [string] $Name) {
    for ($t = $Type; $null -ne $t; $t = $t.BaseType) {
        $flags = [Reflection.BindingFlags]'Public, Instance, DeclaredOnly'
        if ($null -eq $t.GetProperty($Name, $flags)) { continue }
        $member = $script:Members["P:$(Get-DocTypeName $t).$Name"]
        if ($null -ne $member -and $null -ne $member['summary'] -and (Get-InlineText $member['summary'])) {
            return $member
        }
    }
    $null
}

function Get-DocTypeName([type] $Type) {
    $Type.FullName -replace '\+', '.'
}

function Test-CommonParameter([string] $Name) {
    [System.Management.Automation.Cmdlet]::CommonParameters.Contains($Name) -or
        ([System.Management.Automation.Cmdlet]::OptionalCommonParameters.Contains($Name) -and -not $ShouldProcessText.ContainsKey($Name))
}

# "True (ByValue, ByPropertyName)" as Get-Help shows it.
function Get-PipelineText([bool] $ByValue, [bool] $ByPropertyName) {
    $ways = @(if ($ByValue) { 'ByValue' }) + @(if ($ByPropertyName) { 'ByPropertyName' })
    if ($ways.Count -eq 0) { 'False' } else { "True ($($ways -join ', '))" }
}

function Get-PositionText([int] $Position) {
    if ($Position -lt 0) { 'named' } else { "$Position" }
}

function Get-ElementType([type] $Type) {
    if ($Type.IsArray) { $Type.GetElementType() } else { $Type }
}

# A short, readable type name: String[], Uri, SwitchParameter.
function Get-ShortTypeName([type] $Type) {
    if ($Type.IsGenericType) {
        $inner = ($Type.GetGenericArguments() | ForEach-Object { Get-ShortTypeName $_ }) -join ', '
        return "$($Type.Name -replace '`\d+$', '')[$inner]"
    }
    $Type.Name
}

# --- MAML -------------------------------------------------------------------------------------------------------

function Write-Paras([System.Xml.XmlWriter] $W, [string[]] $Paragraphs) {
    $W.WriteStartElement('maml', 'description', $Ns.maml)
    foreach ($p in $Paragraphs) {
        $W.WriteElementString('maml', 'para', $Ns.maml, $p)
    }
    $W.WriteEndElement()
}

function Write-Type([System.Xml.XmlWriter] $W, [string] $Name) {
    $W.WriteStartElement('dev', 'type', $Ns.dev)
    $W.WriteElementString('maml', 'name', $Ns.maml, $Name)
    $W.WriteElementString('maml', 'uri', $Ns.maml, '')
    $W.WriteEndElement()
}

# One command:parameter element; $InSet is the parameter's metadata in one set (syntax) or $null (parameters list).
function Write-Parameter([System.Xml.XmlWriter] $W, $Info, $InSet) {
    $W.WriteStartElement('command', 'parameter', $Ns.command)
    if ($null -ne $InSet) {
        $W.WriteAttributeString('required', "$($InSet.IsMandatory)".ToLowerInvariant())
        $W.WriteAttributeString('position', (Get-PositionText $InSet.Position))
        $W.WriteAttributeString('pipelineInput', (Get-PipelineText $InSet.ValueFromPipeline $InSet.ValueFromPipelineByPropertyName))
    }
    else {
        $W.WriteAttributeString('required', "$($Info.Required)".ToLowerInvariant())
        $W.WriteAttributeString('position', $Info.Position)
        $W.WriteAttributeString('pipelineInput', $Info.Pipeline)
    }
    $W.WriteAttributeString('variableLength', "$($Info.Type.IsArray)".ToLowerInvariant())
    $W.WriteAttributeString('globbing', "$($Info.Globbing)".ToLowerInvariant())
    $W.WriteAttributeString('aliases', $(if ($Info.Aliases.Count) { $Info.Aliases -join ', ' } else { 'none' }))
    $W.WriteElementString('maml', 'name', $Ns.maml, $Info.Name)
    Write-Paras $W $Info.Description
    if (-not $Info.IsSwitch -or $null -eq $InSet) {
        $W.WriteStartElement('command', 'parameterValue', $Ns.command)
        $W.WriteAttributeString('required', "$(-not $Info.IsSwitch)".ToLowerInvariant())
        $W.WriteAttributeString('variableLength', "$($Info.Type.IsArray)".ToLowerInvariant())
        $W.WriteString((Get-ShortTypeName $Info.Type))
        $W.WriteEndElement()
    }
    Write-Type $W $Info.Type.FullName
    $W.WriteElementString('dev', 'defaultValue', $Ns.dev, $Info.Default)
    $W.WriteEndElement()
}

# Everything the help of one cmdlet needs; problems go to $Problems.
function Get-CmdletHelp([System.Management.Automation.CmdletInfo] $Command, [Collections.Generic.List[string]] $Problems) {
    $type = $Command.ImplementingType
    $where = "$($Command.Name) ($($type.FullName))"
    $member = $script:Members["T:$(Get-DocTypeName $type)"]
    $synopsis = if ($null -ne $member -and $null -ne $member['summary']) { Get-InlineText $member['summary'] } else { '' }
    if (-not $synopsis) { $Problems.Add("${where}: no <summary> (synopsis) on the class.") }
    $description = @(if ($null -ne $member) { Get-Paragraphs $member['remarks'] })
    if ($description.Count -eq 0) { $Problems.Add("${where}: no <remarks> (description) on the class.") }

    $examples = [Collections.Generic.List[object]]::new()
    foreach ($example in @(if ($null -ne $member) { $member.SelectNodes('example') })) {
        $number = $examples.Count + 1
        $code = $example['code']
        if ($null -eq $code -or -not $code.InnerText.Trim()) {
            $Problems.Add("${where}: example $number has no <code>.")
            continue
        }
        $remarks = @(Get-Paragraphs $example)
        $title = $example.GetAttribute('title')
        if (-not $title -and $remarks.Count -gt 0) {
            # The first sentence: up to the first '.', '!' or '?' that ends a word and is not part of an abbreviation
            # (e.g., i.e., etc.); a colon also ends it, so a title never runs into the output it introduces.
            $title = ([regex]::Match($remarks[0], '^.*?(?<!\b(?:e\.g|i\.e|etc|vs))(?:[.!?](?=\s|$)|:(?=\s))').Value, $remarks[0] |
                    Where-Object { $_ } | Select-Object -First 1).TrimEnd('.', ':')
        }
        if (-not $title) { $Problems.Add("${where}: example $number has neither a title attribute nor a <para>.") }
        $examples.Add([pscustomobject]@{ Title = "Example ${number}: $title"; Code = Get-CodeText $code; Remarks = $remarks })
    }
    if ($examples.Count -eq 0) { $Problems.Add("${where}: no <example> with <code>.") }

    $parameters = [ordered]@{}
    foreach ($p in $Command.Parameters.Values) {
        if (Test-CommonParameter $p.Name) { continue }
        $doc = Get-PropertyDoc $type $p.Name
        $text = @(if ($ShouldProcessText.ContainsKey($p.Name)) { $ShouldProcessText[$p.Name] } elseif ($null -ne $doc) { Get-Paragraphs $doc['summary'] })
        if ($text.Count -eq 0) { $Problems.Add("${where}: parameter -$($p.Name) has no <summary>.") }
        $sets = @($p.ParameterSets.Values)
        $positions = @($sets | ForEach-Object Position | Sort-Object -Unique)
        $default = if ($null -ne $doc -and $null -ne $doc['value'] -and (Get-InlineText $doc['value'])) { Get-InlineText $doc['value'] }
        elseif ($p.SwitchParameter) { 'False' } else { 'None' }
        $parameters[$p.Name] = [pscustomobject]@{
            Name = $p.Name
            Type = $p.ParameterType
            IsSwitch = $p.SwitchParameter
            Aliases = @($p.Aliases)
            Globbing = [bool]@($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count
            Required = [bool]@($sets | Where-Object IsMandatory).Count
            Position = if ($positions.Count -eq 1) { Get-PositionText $positions[0] } else { 'named' }
            Pipeline = Get-PipelineText ([bool]@($sets | Where-Object ValueFromPipeline).Count) ([bool]@($sets | Where-Object ValueFromPipelineByPropertyName).Count)
            ByValue = [bool]@($sets | Where-Object ValueFromPipeline).Count
            ByPropertyName = [bool]@($sets | Where-Object ValueFromPipelineByPropertyName).Count
            Description = $text
            Default = $default
        }
    }

    # Syntax blocks: the default set first, positional parameters by position, then mandatory, then the rest.
    $syntax = foreach ($set in $Command.ParameterSets | Sort-Object { -not $_.IsDefault }, Name) {
        $inSet = @($set.Parameters | Where-Object { $parameters.Contains($_.Name) })
        $ordered = @($inSet | Where-Object Position -GE 0 | Sort-Object Position) +
            @($inSet | Where-Object { $_.Position -lt 0 -and $_.IsMandatory }) +
            @($inSet | Where-Object { $_.Position -lt 0 -and -not $_.IsMandatory -and -not $ShouldProcessText.ContainsKey($_.Name) }) +
            @($inSet | Where-Object { $_.Position -lt 0 -and -not $_.IsMandatory -and $ShouldProcessText.ContainsKey($_.Name) })
        [pscustomobject]@{ Name = $set.Name; Parameters = $ordered }
    }

    $inputs = [Collections.Generic.List[object]]::new()
    # A String[] parameter takes piped strings one by one: the input type is the element type.
    foreach ($group in $parameters.Values | Where-Object ByValue | Group-Object { Get-ElementType $_.Type }) {
        $names = ($group.Group | ForEach-Object { "-$($_.Name)" }) -join ', '
        $element = Get-ElementType $group.Group[0].Type
        $inputs.Add([pscustomobject]@{ Type = $element.FullName; Text = "You can pipe $(Get-ShortTypeName $element) values to $names." })
    }
    $byName = @($parameters.Values | Where-Object ByPropertyName)
    if ($byName.Count -gt 0) {
        $names = ($byName | ForEach-Object { $n = $_.Name; if ($_.Aliases.Count) { "$n (or $($_.Aliases -join ', '))" } else { $n } }) -join ', '
        $inputs.Add([pscustomobject]@{ Type = 'System.Management.Automation.PSObject'; Text = "Objects with these properties bind the parameters of the same name: $names." })
    }
    if ($inputs.Count -eq 0) {
        $inputs.Add([pscustomobject]@{ Type = 'None'; Text = 'You cannot pipe objects to this cmdlet.' })
    }

    $outputs = [Collections.Generic.List[object]]::new()
    foreach ($attribute in $type.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $true)) {
        foreach ($psType in $attribute.Type) {
            $t = $psType.Type
            if ($t -eq [void]) {
                $outputs.Add([pscustomobject]@{ Type = 'None'; Text = 'This cmdlet writes no output.' })
                continue
            }
            $name = if ($null -ne $t) { $t.FullName } else { $psType.Name }
            $typeDoc = if ($null -ne $t) { $script:Members["T:$(Get-DocTypeName $t)"] }
            $text = if ($null -ne $typeDoc -and $null -ne $typeDoc['summary']) { Get-InlineText $typeDoc['summary'] } else { '' }
            $sets = @($attribute.ParameterSetName | Where-Object { $_ -ne '__AllParameterSets' })
            if ($sets.Count -gt 0) {
                $text = ("$text Written in the parameter set $($sets -join ', ').").Trim()
            }
            $outputs.Add([pscustomobject]@{ Type = $name; Text = $text })
        }
    }
    if ($outputs.Count -eq 0) {
        $Problems.Add("${where}: no [OutputType].")
    }

    $links = [Collections.Generic.List[string]]::new()
    foreach ($see in @(if ($null -ne $member) { $member.SelectNodes('seealso') })) {
        $text = if ($see.InnerText.Trim()) { $see.InnerText.Trim() } elseif ($see.HasAttribute('cref')) { Get-CrefText $see.GetAttribute('cref') }
        if ($text) { $links.Add($text) }
    }

    [pscustomobject]@{
        Command = $Command
        Synopsis = $synopsis
        Description = $description
        Syntax = @($syntax)
        Parameters = $parameters
        Inputs = $inputs
        Outputs = $outputs
        Examples = $examples
        Links = $links
    }
}

function Write-CommandHelp([System.Xml.XmlWriter] $W, $Help) {
    $c = $Help.Command
    $W.WriteStartElement('command', 'command', $Ns.command)
    $W.WriteStartElement('command', 'details', $Ns.command)
    $W.WriteElementString('command', 'name', $Ns.command, $c.Name)
    $W.WriteElementString('command', 'verb', $Ns.command, $c.Verb)
    $W.WriteElementString('command', 'noun', $Ns.command, $c.Noun)
    Write-Paras $W @($Help.Synopsis)
    $W.WriteEndElement()
    Write-Paras $W $Help.Description

    $W.WriteStartElement('command', 'syntax', $Ns.command)
    foreach ($set in $Help.Syntax) {
        $W.WriteStartElement('command', 'syntaxItem', $Ns.command)
        $W.WriteElementString('maml', 'name', $Ns.maml, $c.Name)
        foreach ($p in $set.Parameters) {
            Write-Parameter $W $Help.Parameters[$p.Name] $p
        }
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'parameters', $Ns.command)
    foreach ($info in $Help.Parameters.Values) {
        Write-Parameter $W $info $null
    }
    $W.WriteEndElement()

    foreach ($section in @(@('inputTypes', 'inputType', $Help.Inputs), @('returnValues', 'returnValue', $Help.Outputs))) {
        $W.WriteStartElement('command', $section[0], $Ns.command)
        foreach ($item in $section[2]) {
            $W.WriteStartElement('command', $section[1], $Ns.command)
            Write-Type $W $item.Type
            Write-Paras $W @($item.Text | Where-Object { $_ })
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }

    $W.WriteStartElement('command', 'examples', $Ns.command)
    foreach ($example in $Help.Examples) {
        $W.WriteStartElement('command', 'example', $Ns.command)
        $W.WriteElementString('maml', 'title', $Ns.maml, $example.Title)
        $W.WriteElementString('dev', 'code', $Ns.dev, $example.Code)
        $W.WriteStartElement('dev', 'remarks', $Ns.dev)
        foreach ($p in $example.Remarks) {
            $W.WriteElementString('maml', 'para', $Ns.maml, $p)
        }
        # Get-Help prints the next title right below the last line otherwise.
        $W.WriteElementString('maml', 'para', $Ns.maml, '')
        $W.WriteEndElement()
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'relatedLinks', $Ns.command)
    foreach ($link in $Help.Links) {
        $W.WriteStartElement('maml', 'navigationLink', $Ns.maml)
        $W.WriteElementString('maml', 'linkText', $Ns.maml, $link)
        $W.WriteElementString('maml', 'uri', $Ns.maml, '')
        $W.WriteEndElement()
    }
    $W.WriteEndElement()
    $W.WriteEndElement()
}

function Write-HelpFile([string] $Path, [object[]] $Helps) {
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($prefix in 'maml', 'command', 'dev') {
            $writer.WriteAttributeString('xmlns', $prefix, $null, $Ns[$prefix])
        }
        foreach ($help in $Helps) {
            Write-CommandHelp $writer $help
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}

# --- main -------------------------------------------------------------------------------------------------------

try {
    if (-not (Test-Path -LiteralPath $DocumentationFile)) {
        throw "No XML documentation file at $DocumentationFile (GenerateDocumentationFile must be true for the cmdlet project)."
    }
    $docXml = [xml](Get-Content -LiteralPath $DocumentationFile -Raw)
    $script:Members = @{}
    foreach ($m in $docXml.SelectNodes('/doc/members/member')) {
        $script:Members[$m.GetAttribute('name')] = $m
    }

    $module = Import-Module -Name $ModulePath -PassThru -Force -ErrorAction Stop
    $commands = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)
    if ($commands.Count -eq 0) {
        throw "The module $ModulePath exports no cmdlets."
    }
    $script:CmdletByType = @{}
    foreach ($c in $commands) { $script:CmdletByType[(Get-DocTypeName $c.ImplementingType)] = $c.Name }

    $problems = [Collections.Generic.List[string]]::new()
    $helps = foreach ($c in $commands) { Get-CmdletHelp $c $problems }
    if ($problems.Count -gt 0 -and -not $SkipCheck) {
        foreach ($p in $problems) { Write-Output "error: $p" }
        Write-Output "error: The cmdlets above need help in their doc comments (<summary>, <remarks>, <example><code>, a <summary> per parameter)."
        exit 1
    }
    foreach ($p in $problems) { Write-Output "warning: $p" }

    $null = New-Item -ItemType Directory -Path $OutputDirectory -Force
    # PowerShell looks for <dll>-Help.xml (CmdletInfo.HelpFile) in the culture folder beside that dll.
    foreach ($group in $helps | Group-Object { $_.Command.HelpFile }) {
        $file = Join-Path $OutputDirectory ([IO.Path]::GetFileName($group.Name))
        Write-HelpFile $file $group.Group
        Write-Output "wrote: $file"
    }
    exit 0
}
catch {
    Write-Output "error: $($_.Exception.Message) ($($_.InvocationInfo.PositionMessage -replace '\s+', ' '))"
    exit 1
}
