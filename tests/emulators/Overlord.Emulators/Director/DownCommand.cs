using Overlord.Emulators.Cli;

namespace Overlord.Emulators.Director;

/// <summary>
/// <c>appjail-director down [-j] [-q] [-d] [--ignore-failed] [--ignore-services] [-p P]</c> (§3.4). Children write to
/// /dev/null; no signal handling (a signal kills it in state DESTROYING with the lock kept).
/// </summary>
internal static class DownCommand
{
    public static int Execute(DirectorContext d, List<string> args)
    {
        bool json = false, destroy = false, ignoreFailed = false, ignoreServices = false;
        string? project = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-j" or "--json": json = true; break;
                case "-q" or "--quiet": break;
                case "-d" or "--destroy": destroy = true; break;
                case "--ignore-failed": ignoreFailed = true; break;
                case "--ignore-services": ignoreServices = true; break;
                case "-p" or "--project" when i + 1 < args.Count: project = args[++i]; break;
                default:
                    d.Ctx.Err.Write($"Error: No such option: {args[i]}\n");
                    return 2;
            }
        }
        project = DirectorCli.RequireProject(d, project);
        var result = new UpResult { Errlevel = 0 };
        var store = new ProjectStore(d.Config, project);
        if (!store.Exists)
        {
            result.Errlevel = ExitCodes.NoInput;
            result.Message = $"{project}: Project not found.";
            Print(d, json, result);
            return ExitCodes.NoInput;
        }
        if (d.Ctx.Faults.Has("stale-lock"))
        {
            store.TryLock();
        }
        if (!store.TryLock())
        {
            d.Stamp.Report(d.Ctx.Err, new DirectorError("ProjectLocked", store.LockedMessage()));
            result.Errlevel = ExitCodes.Software;
            Print(d, json, result);
            return ExitCodes.Software;
        }
        var code = 0;
        var removed = false;
        try
        {
            store.SetKey("state", "destroying");
            var spec = ProjectSpec.Parse(File.ReadAllText(store.StoredSpec), d.Ctx.GetEnv);
            if (!ignoreServices)
            {
                foreach (var s in spec.Services.OrderByDescending(s => s.Priority))
                {
                    var jail = store.ServiceKey(s.Name, "name") is { Length: > 0 } cached ? cached : s.Jail;
                    if (jail is null)
                    {
                        continue;
                    }
                    var ephemeralStopped = false;
                    if (d.Status(jail, project) == 0)
                    {
                        var ephemeral = d.JailFlag(jail, "ephemeral", project);
                        if (d.AppJail(["stop", "--", jail], null, project, s.Name, d.Ctx.Cwd) != 0)
                        {
                            result.Failed.Add(("stop", s.Name));
                        }
                        else
                        {
                            // AppJail deletes a stopped ephemeral jail itself.
                            ephemeralStopped = ephemeral;
                        }
                    }
                    if (destroy && !ephemeralStopped)
                    {
                        var rc = d.AppJail(UpCommand.DestroyArgv(d.Config, jail), null, project, s.Name, d.Ctx.Cwd);
                        if (rc != 0)
                        {
                            result.Failed.Add(("destroy", s.Name));
                            if (!ignoreFailed)
                            {
                                code = rc;
                                break;
                            }
                        }
                    }
                }
            }
            if (code == 0 && destroy)
            {
                Directory.Delete(store.Dir, recursive: true);
                removed = true;
            }
        }
        catch (DirectorError e)
        {
            d.Stamp.Report(d.Ctx.Err, e);
            result.Errlevel = ExitCodes.Software;
            code = ExitCodes.Software;
        }
        finally
        {
            if (!removed)
            {
                store.SetKey("state", code == 0 ? "done" : "failed");
            }
            store.Unlock();
        }
        Print(d, json, result);
        return code;
    }

    private static void Print(DirectorContext d, bool json, UpResult result)
    {
        if (json)
        {
            d.Ctx.Out.Write(result.ToJson());
        }
        else if (result.Message is { } m)
        {
            d.Ctx.Err.Write(m + "\n");
        }
    }
}
