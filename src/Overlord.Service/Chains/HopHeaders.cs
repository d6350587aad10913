using Microsoft.AspNetCore.Http;

namespace Overlord.Service.Chains;

/// <summary>
/// Headers a node adds to the calls it forwards so that a chain loop (a → b → a) ends with an error instead of
/// running until something times out. Upstream neither sends nor reads them, so a loop that passes through an
/// upstream node is only caught by the hop limit on our side of it.
/// </summary>
public static class HopHeaders
{
    /// <summary>How many nodes forwarded this call before it arrived.</summary>
    public const string Hops = "X-Overlord-Hops";

    /// <summary>The server ids of those nodes, comma-separated, oldest first.</summary>
    public const string Via = "X-Overlord-Via";

    /// <summary>Milliseconds the caller will wait for a chain tree answer (so deeper branches give up first).</summary>
    public const string BudgetMilliseconds = "X-Overlord-Budget-Ms";

    /// <summary>Forwarding stops when a call has already been forwarded this many times.</summary>
    public const int MaxHops = 16;

    /// <summary>The hop count the request arrived with (0 from a client).</summary>
    public static int IncomingHops(HttpRequest request) =>
        int.TryParse(request.Headers[Hops].ToString(), out var hops) && hops > 0 ? hops : 0;

    /// <summary>The ids the request passed through.</summary>
    public static string[] IncomingVia(HttpRequest request) =>
        request.Headers[Via].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>True when the request has already passed through <paramref name="serverId"/>.</summary>
    public static bool HasVisited(HttpRequest request, string serverId) =>
        Array.IndexOf(IncomingVia(request), serverId) >= 0;

    /// <summary>The budget the caller sent, if any.</summary>
    public static TimeSpan? IncomingBudget(HttpRequest request) =>
        long.TryParse(request.Headers[BudgetMilliseconds].ToString(), out var ms) && ms > 0 ? TimeSpan.FromMilliseconds(ms) : null;

    /// <summary>Adds this node to the headers of a call it forwards.</summary>
    public static void Stamp(HttpRequestMessage outgoing, HttpRequest incoming, string serverId)
    {
        outgoing.Headers.TryAddWithoutValidation(Hops, (IncomingHops(incoming) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        outgoing.Headers.TryAddWithoutValidation(Via, string.Join(',', [.. IncomingVia(incoming), serverId]));
    }
}
