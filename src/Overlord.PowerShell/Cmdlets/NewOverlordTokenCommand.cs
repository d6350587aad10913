using System.Collections;
using System.Management.Automation;
using System.Security;
using Overlord.Core.Config;
using Overlord.Core.Security;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Mints an access token for a node from its config file, as <c>overlord gen-token</c> does.</summary>
/// <remarks>
/// <para>
/// Reads the node config (<c>-ConfigPath</c>, else <c>$env:OVERLORD_CONFIG</c>, else <c>.overlord.yml</c> in the current
/// location), finds the signing key as the node does (<c>secret_key</c>, else the 64-byte <c>secret_keyfile</c>) and
/// signs an HS256 token with upstream's payload: <c>metadata</c> (your <c>-Metadata</c> plus
/// <c>overlord.version</c>), a random <c>random_chunk</c> and, with <c>-Expire</c>, <c>exp</c>. The node's own
/// <c>overlord-node gen-token</c> uses the same code, so either token is accepted by the node and by upstream's.
/// </para>
/// <para>
/// Upstream equivalent: <c>overlord gen-token --metadata k=v --expire N --expire-type hours</c>.
/// </para>
/// <para>
/// The token comes out as a SecureString, which <c>Connect-OverlordNode -Token</c> and every <c>-Token</c> take;
/// <c>-AsPlainText</c> returns the text instead. When the config names a key file that does not exist yet (or is not
/// 64 bytes), the key file is created, as upstream does; that step honours <c>-WhatIf</c>/<c>-Confirm</c>. An invalid
/// config is a terminating InvalidNodeConfig error listing each problem as file:line:column.
/// </para>
/// </remarks>
/// <example title="Mint a token and connect with it">
/// <code>PS> Connect-OverlordNode -Uri http://127.0.0.1:8888 -Token (New-OverlordToken -ConfigPath /usr/local/etc/overlord.yml)</code>
/// <para>Mints a token from the node's config and connects with it; prints the connection (Node, Chain, Labels).</para>
/// </example>
/// <example title="Mint a token with metadata that expires">
/// <code>PS> New-OverlordToken -ConfigPath ./overlord.yml -Metadata @{ user = 'ci' } -Expire (New-TimeSpan -Days 7) -AsPlainText</code>
/// <para>Prints a token (eyJhbGciOiJIUzI1NiIs…) whose metadata holds user=ci and that expires in seven days.</para>
/// </example>
/// <example title="Mint a token from the default config into a file">
/// <code>PS> New-OverlordToken -Expire ([datetime]'2027-01-01') -AsPlainText | Set-Content token.txt</code>
/// <para>Uses $env:OVERLORD_CONFIG (or ./.overlord.yml) and writes a token valid until 1 January 2027 to token.txt.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "OverlordToken", SupportsShouldProcess = true, DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(SecureString), typeof(string))]
public sealed class NewOverlordTokenCommand : OverlordCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>The node config file (upstream's <c>overlord.yml</c>); defaults to $env:OVERLORD_CONFIG, then .overlord.yml here.</summary>
    [Parameter(Position = 0)]
    [Alias("Config")]
    [ValidateNotNullOrEmpty]
    public string? ConfigPath { get; set; }

    /// <summary>Entries of the token's <c>metadata</c> claim; values are written as text, null as "". Blank keys are skipped, as upstream.</summary>
    [Parameter]
    [ValidateNotNull]
    public IDictionary? Metadata { get; set; }

    /// <summary>When the token expires: a TimeSpan from now (e.g. <c>(New-TimeSpan -Hours 8)</c>) or a DateTime. Without it the token never expires.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Expire { get; set; }

    /// <summary>Returns the token as plain text instead of a SecureString.</summary>
    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var expires = ExpiresAt(Expire, DateTimeOffset.UtcNow);
        var config = LoadConfig();
        if (config.SecretKey is null && !KeyFileUsable(config.SecretKeyFile)
            && !ShouldProcess(config.SecretKeyFile, "Create the node's secret key file"))
        {
            return;
        }
        string token;
        try
        {
            token = TokenService.Generate(config, MetadataEntries(), expires);
        }
        catch (SecretKeyException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.SecretKeyUnusable, ErrorCategory.SecurityError, config.SecretKeyFile));
            return;
        }
        if (AsPlainText)
        {
            WriteObject(token);
            return;
        }
        var secure = new SecureString();
        foreach (var c in token)
        {
            secure.AppendChar(c);
        }
        secure.MakeReadOnly();
        WriteObject(secure);
    }

    private NodeConfig LoadConfig()
    {
        var explicitPath = ConfigPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ConfigPath);
        var location = NodeConfigLoader.ResolvePath(explicitPath, Environment.GetEnvironmentVariable, SessionState.Path.CurrentFileSystemLocation.ProviderPath);
        var result = NodeConfigLoader.Load(location);
        if (!result.IsValid)
        {
            var message = string.Join(Environment.NewLine, result.Errors.Select(e => e.ToString()));
            ThrowTerminatingError(new ErrorRecord(new InvalidDataException(message), ErrorIds.InvalidNodeConfig, ErrorCategory.InvalidData, result.Path));
        }
        WriteVerbose(result.Missing ? $"{result.Path} does not exist; the defaults apply." : $"Config: {result.Path}");
        return result.Config!;
    }

    // Mirrors SecretKeyStore: a file of the right size is used, anything else is replaced by a new key.
    private static bool KeyFileUsable(string path) => File.Exists(path) && new FileInfo(path).Length == SecretKeyStore.KeyFileLength;

    private List<KeyValuePair<string, string>> MetadataEntries()
    {
        var entries = new List<KeyValuePair<string, string>>();
        if (Metadata is null)
        {
            return entries;
        }
        foreach (DictionaryEntry entry in Metadata)
        {
            var key = LanguagePrimitives.ConvertTo<string>(entry.Key);
            var value = entry.Value is null ? "" : LanguagePrimitives.ConvertTo<string>(entry.Value);
            entries.Add(new(key, value));
        }
        return entries;
    }

    /// <summary>The <c>exp</c> of <paramref name="expire"/> (TimeSpan from <paramref name="now"/>, DateTime, DateTimeOffset); null for none.</summary>
    internal DateTimeOffset? ExpiresAt(object? expire, DateTimeOffset now)
    {
        if (expire is null)
        {
            return null;
        }
        var value = expire is PSObject ps ? ps.BaseObject : expire;
        // Text such as '8:00:00' or '2027-01-01' reads as PowerShell would cast it: a TimeSpan first, then a DateTime.
        if (value is string text)
        {
            value = LanguagePrimitives.TryConvertTo<TimeSpan>(text, System.Globalization.CultureInfo.InvariantCulture, out var span) ? span
                : LanguagePrimitives.TryConvertTo<DateTime>(text, System.Globalization.CultureInfo.InvariantCulture, out var time) ? time
                : text;
        }
        DateTimeOffset? at = value switch
        {
            TimeSpan span when span > TimeSpan.Zero => now + span,
            DateTime time => new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Local) : time),
            DateTimeOffset offset => offset,
            _ => null,
        };
        if (at is null || at <= now)
        {
            var problem = value is TimeSpan or DateTime or DateTimeOffset
                ? $"-Expire must lie in the future, not at '{value}'."
                : $"-Expire must be a TimeSpan or a DateTime, not {value.GetType().Name} '{value}'.";
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException(problem, nameof(Expire)), ErrorIds.InvalidExpire, ErrorCategory.InvalidArgument, value));
        }
        return at;
    }
}
