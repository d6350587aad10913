using System.Management.Automation;
using System.Text.RegularExpressions;
using Overlord.Core.Client;
using Overlord.PowerShell.Completers;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Gets the jails of a host, or items (stats, info, labels, …) of each jail.</summary>
/// <remarks>
/// <para>
/// Lists the jails the node's poller has seen (<c>GET /v1/jails</c>), one OverlordJail per jail, narrowed by
/// <c>-Name</c> (wildcards) and <c>-Filter</c> (regular expressions matched anywhere in the name, as upstream's
/// <c>get-info --filter</c>). With <c>-Item</c> it reads <c>/v1/jail/&lt;item&gt;/&lt;jail&gt;</c> for each jail:
/// <c>stats</c> gives one OverlordJailStat per rctl resource, <c>info</c> one OverlordJailInfo per keyword,
/// <c>labels</c> one OverlordJailLabel per label; the other items give one OverlordJailItem holding the node's value
/// (text for cpuset, key/value rows for the rest, null when the jail has none).
/// </para>
/// <para>
/// Upstream equivalent: <c>overlord get-info -f spec.yml -t jails [--jail-item ITEM…] [--filter REGEX…]</c>. Without
/// <c>-Path</c> it reads the connected node (or <c>-Uri</c>/<c>-Chain</c>); with <c>-Path</c> every node the spec
/// reaches, each object then carrying the Datacenter.
/// </para>
/// </remarks>
/// <example>
/// <code>PS> Get-OverlordJail -Filter '^web'</code>
/// <para>Lists the jails of the connected node whose names start with "web": Node, Chain and Name per jail.</para>
/// </example>
/// <example>
/// <code>PS> Get-OverlordJail -Name web01 -Item stats, labels</code>
/// <para>Prints the rctl resources of web01 (Resource, Value) and then its AppJail labels (Name, Value).</para>
/// </example>
/// <example>
/// <code>PS> Get-OverlordJail -Path ./web.yml -Item info | Where-Object Keyword -eq status</code>
/// <para>For every node web.yml deploys to, the status keyword of each jail, with the Datacenter and Chain it runs on.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "OverlordJail", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordJail), typeof(OverlordJailStat), typeof(OverlordJailInfo), typeof(OverlordJailLabel), typeof(OverlordJailItem))]
public sealed class GetOverlordJailCommand : NodeReadCmdlet
{
    private const string DefaultSet = "Default";
    private List<Regex>? _filters;

    /// <summary>Jail names; wildcards allowed. A name without wildcards that the host lacks is an ObjectNotFound error.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JailNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Regular expressions; a jail is kept when one of them matches anywhere in its name (upstream's <c>--filter</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Filter { get; set; }

    /// <summary>Items to read of each jail: stats, info, cpuset, devfs, expose, healthcheck, limits, fstab, labels, nat, volumes.</summary>
    [Parameter]
    [ValidateSet("stats", "info", "cpuset", "devfs", "expose", "healthcheck", "limits", "fstab", "labels", "nat", "volumes")]
    public string[]? Item { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _filters = Filter is null ? null : [.. Filter.Select(ParseFilter)];
    }

    /// <summary>A <c>-Filter</c> pattern, or a terminating InvalidFilter error naming it.</summary>
    internal Regex ParseFilter(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"-Filter '{pattern}' is not a valid regular expression: {e.Message}", e),
                ErrorIds.InvalidFilter, ErrorCategory.InvalidArgument, pattern));
            throw;
        }
    }

    /// <summary>True when no filter is given or one matches <paramref name="name"/> (re.search semantics).</summary>
    internal static bool Matches(IReadOnlyList<Regex>? filters, string name) => filters is null || filters.Any(f => f.IsMatch(name));

    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        if (!TryRun(c => node.GetJailsAsync(chain, c), chain, out var jails))
        {
            return;
        }
        foreach (var jail in NameFilter.Select(jails, Name, this, "Jail", ErrorIds.JailNotFound).Where(j => Matches(_filters, j)))
        {
            if (Item is null)
            {
                WriteObject(new OverlordJail(node.Address, chain, jail));
                continue;
            }
            foreach (var item in Item.Select(i => i.ToLowerInvariant()).Distinct())
            {
                if (TryRun(c => node.GetJailItemAsync(chain, jail, item, c), jail, out var value))
                {
                    foreach (var output in Shape(node.Address, chain, jail, item, value))
                    {
                        WriteObject(output);
                    }
                }
            }
        }
    }

    /// <summary>The typed objects of one item: a row per resource, keyword or label; the raw value for the other items.</summary>
    internal static IEnumerable<object> Shape(Uri address, string chain, string jail, string item, object? value) => (item, value) switch
    {
        ("stats", IReadOnlyDictionary<string, long> stats) => stats.Select(s => new OverlordJailStat(address, chain, jail, s.Key, s.Value)),
        ("info", IReadOnlyDictionary<string, string> info) => info.Select(i => new OverlordJailInfo(address, chain, jail, i.Key, i.Value)),
        ("labels", IReadOnlyList<IReadOnlyDictionary<string, string?>> rows) => rows.Select(r =>
            new OverlordJailLabel(address, chain, jail, r.TryGetValue("name", out var n) ? n ?? "" : "", r.TryGetValue("value", out var v) ? v : null)),
        // A labels item never polled is null: no labels.
        ("labels", null) => [],
        _ => [new OverlordJailItem(address, chain, jail, item, value)],
    };
}
