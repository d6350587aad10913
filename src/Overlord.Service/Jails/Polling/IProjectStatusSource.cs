using System.Text.Json.Nodes;

namespace Overlord.Service.Jails.Polling;

/// <summary>Which job record of a project.</summary>
public enum ProjectJobKind
{
    /// <summary>The last <c>project up</c> job.</summary>
    Up,

    /// <summary>The last <c>project down</c> job.</summary>
    Down,
}

/// <summary>
/// The last job records of a project (upstream's <c>overlord_project_status_{up,down}_&lt;p&gt;</c>), which project info
/// merges under <c>up</c> and <c>down</c>. The job store fills them; until it exists, <see cref="NoProjectStatus"/>
/// answers that there are none.
/// </summary>
public interface IProjectStatusSource
{
    /// <summary>
    /// The record in upstream's key order (<c>operation</c>, <c>last_update</c>, <c>job_id</c>, …) with
    /// <c>last_update</c> as Unix seconds; null when the project has none. Callers get their own copy.
    /// </summary>
    JsonObject? Get(string project, ProjectJobKind kind);
}

/// <summary>The source used until the job store lands: no project has job records yet.</summary>
public sealed class NoProjectStatus : IProjectStatusSource
{
    /// <inheritdoc />
    public JsonObject? Get(string project, ProjectJobKind kind) => null;
}
