namespace Overlord.Service.Chains;

/// <summary>
/// The name upstream puts in the <c>function</c> field of a chain failure: the method of its Python client that the
/// hop called for the route. Routes upstream does not have fall back to the route text itself.
/// </summary>
public static class ChainFunctions
{
    private static readonly Dictionary<string, string> Fixed = new(StringComparer.Ordinal)
    {
        ["ping"] = "ping",
        ["labels"] = "get_api_labels",
        ["chains"] = "get_chains",
        ["jails"] = "get_jails",
        ["jails/logs"] = "get_jails_logs",
        ["stats"] = "get_server_stats",
        ["projects"] = "get_projects",
        ["projects/logs"] = "get_projects_logs",
        ["metadata"] = "metadata_list",
        ["namespace"] = "namespaces_list",
    };

    private static readonly Dictionary<string, string> JailItems = new(StringComparer.Ordinal)
    {
        ["stats"] = "get_stats",
        ["info"] = "get_info",
        ["cpuset"] = "get_cpuset",
        ["devfs"] = "get_devfs",
        ["expose"] = "get_expose",
        ["healthcheck"] = "get_healthcheck",
        ["limits"] = "get_limits",
        ["fstab"] = "get_fstab",
        ["labels"] = "get_labels",
        ["nat"] = "get_nat",
        ["volumes"] = "get_volumes",
    };

    /// <summary>The upstream client method for <paramref name="method"/> on <paramref name="route"/> (the part after <c>/v1/</c>).</summary>
    public static string For(string method, string route)
    {
        var trimmed = route.Trim('/');
        if (Fixed.TryGetValue(trimmed, out var name))
        {
            return name;
        }
        var parts = trimmed.Split('/');
        var head = HttpMethods.IsHead(method);
        return parts switch
        {
            ["jail", "log", _, _, _, _] => "get_jail_log",
            ["jail", "info", _] when head => "check",
            ["jail", var item, _] when JailItems.TryGetValue(item, out var jail) => jail,
            ["projects", "log", _, _, _] => "get_project_log",
            ["project", "info", _] => head ? "check" : "get_info",
            ["project", "up", _] => "up",
            ["project", "down", _] => "down",
            ["project", "cancel", _] => "cancel",
            ["project", "autoscale", _] => "get_status_autoscale",
            ["vm", _] => HttpMethods.IsPost(method) ? "create_vm" : "get_status_vm",
            ["metadata", _] => Keyed("metadata", method),
            ["namespace", _] => Keyed("namespace", method),
            _ => trimmed,
        };
    }

    private static string Keyed(string prefix, string method) => method switch
    {
        _ when HttpMethods.IsGet(method) => prefix + "_get",
        _ when HttpMethods.IsPost(method) || HttpMethods.IsPut(method) => prefix + "_set",
        _ when HttpMethods.IsDelete(method) => prefix + "_delete",
        _ when HttpMethods.IsHead(method) => prefix + "_check",
        _ => prefix,
    };
}
