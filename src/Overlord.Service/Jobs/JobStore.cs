using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Overlord.Core.Api;

namespace Overlord.Service.Jobs;

/// <summary>
/// The durable job store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so every commit (and so every job
/// id the API answers) is on disk before the caller goes on. Replaces upstream's beanstalkd queue (at-most-once, lost on
/// restart) and its memcached status records. One connection, used under a lock: jobs are few and each statement is
/// short, so serializing them costs less than a pool would. Terminal statuses are written with a guard
/// (<c>WHERE status IN (QUEUED, RUNNING)</c>), so a job reaches exactly one of them whatever races or restarts happen.
/// </summary>
public sealed class JobStore : IDisposable
{
    /// <summary>The schema version this code writes; <see cref="Migrations"/> brings older files up to it.</summary>
    public const int SchemaVersion = 1;

    private static readonly string[] Migrations =
    [
        // 1: jobs, their status history and step markers.
        """
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            project TEXT NOT NULL,
            request TEXT NOT NULL,
            spec_hash TEXT,
            status TEXT NOT NULL,
            restarted INTEGER NOT NULL DEFAULT 0,
            output TEXT,
            error_type TEXT,
            error_message TEXT,
            message TEXT,
            created REAL NOT NULL,
            started REAL,
            finished REAL,
            updated REAL NOT NULL
        );
        CREATE INDEX jobs_by_project ON jobs (project, kind, id);
        CREATE INDEX jobs_by_status ON jobs (status, id);
        CREATE TABLE job_history (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            job_id INTEGER NOT NULL REFERENCES jobs (id),
            status TEXT NOT NULL,
            at REAL NOT NULL,
            note TEXT
        );
        CREATE INDEX job_history_by_job ON job_history (job_id, seq);
        CREATE TABLE job_steps (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            job_id INTEGER NOT NULL REFERENCES jobs (id),
            step TEXT NOT NULL,
            at REAL NOT NULL
        );
        CREATE INDEX job_steps_by_job ON job_steps (job_id, seq);
        """,
    ];

    private const string Columns = "id, kind, project, request, spec_hash, status, restarted, output, error_type, error_message, message, created, started, finished, updated";

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;

    /// <summary>Opens (creating when needed) the store at <paramref name="path"/> and migrates it.</summary>
    public JobStore(string path, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        Path = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("PRAGMA busy_timeout=10000;");
        Execute("PRAGMA foreign_keys=ON;");
        Migrate();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The schema version of the open file.</summary>
    public int Version
    {
        get
        {
            lock (_gate)
            {
                return ReadVersion();
            }
        }
    }

    private double Now => _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>Stores a new QUEUED job and commits it; the id is the API's <c>job_id</c>.</summary>
    public long Enqueue(string kind, string project, JobRequest request, string? specHash)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            var now = Now;
            var id = (long)Scalar(tx, "INSERT INTO jobs (kind, project, request, spec_hash, status, created, updated) VALUES ($k, $p, $r, $h, $s, $t, $t) RETURNING id;",
                ("$k", kind), ("$p", project), ("$r", request.ToJson()), ("$h", specHash), ("$s", JobStatuses.Queued), ("$t", now))!;
            AddHistory(tx, id, JobStatuses.Queued, now, null);
            tx.Commit();
            return id;
        }
    }

    /// <summary>QUEUED → RUNNING; false when the job is not queued (e.g. cancelled meanwhile).</summary>
    public bool Start(long id) => Move(id, JobStatuses.Queued, JobStatuses.Running, null, started: true);

    /// <summary>RUNNING → QUEUED, for a job a restart interrupted before anything ran.</summary>
    public bool Requeue(long id, string note) => Move(id, JobStatuses.Running, JobStatuses.Queued, note, started: false);

    /// <summary>Adds a history note without changing the status (e.g. waiting for a lock).</summary>
    public void Note(long id, string note)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            var status = (string?)Scalar(tx, "SELECT status FROM jobs WHERE id = $id;", ("$id", id));
            if (status is not null)
            {
                AddHistory(tx, id, status, Now, note);
            }
            tx.Commit();
        }
    }

    /// <summary>Writes a step marker and commits it (call before the step starts).</summary>
    public void AddStep(long id, string step)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            NonQuery(tx, "INSERT INTO job_steps (job_id, step, at) VALUES ($id, $s, $t);", ("$id", id), ("$s", step), ("$t", Now));
            tx.Commit();
        }
    }

    /// <summary>Records that the project was stopped for a restart.</summary>
    public void SetRestarted(long id)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            NonQuery(tx, "UPDATE jobs SET restarted = 1, updated = $t WHERE id = $id;", ("$id", id), ("$t", Now));
            tx.Commit();
        }
    }

    /// <summary>
    /// Writes the final status, once: false (and nothing written) when the job is already terminal, so concurrent or
    /// repeated finishers cannot give a job two final states.
    /// </summary>
    public bool Finish(long id, JobOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!JobStatuses.IsTerminal(outcome.Status))
        {
            throw new ArgumentException($"{outcome.Status} is not a final status", nameof(outcome));
        }
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            var now = Now;
            var changed = NonQuery(tx, """
                UPDATE jobs SET status = $s, output = $o, error_type = $et, error_message = $em, message = $m, finished = $t, updated = $t,
                    started = COALESCE(started, $t)
                WHERE id = $id AND status IN ('QUEUED', 'RUNNING');
                """,
                ("$id", id), ("$s", outcome.Status), ("$o", outcome.Output?.ToJsonString()), ("$et", outcome.Exception?.Type),
                ("$em", outcome.Exception?.Message), ("$m", outcome.Message), ("$t", now));
            if (changed == 1)
            {
                AddHistory(tx, id, outcome.Status, now, outcome.Note);
            }
            tx.Commit();
            return changed == 1;
        }
    }

    /// <summary>Marks every QUEUED create/destroy job of <paramref name="project"/> FAILED with <paramref name="message"/>; returns their ids.</summary>
    public IReadOnlyList<long> FailQueued(string project, string message, string note)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            var ids = new List<long>();
            using (var select = Command(tx, "SELECT id FROM jobs WHERE project = $p AND status = 'QUEUED' AND kind IN ('create', 'destroy') ORDER BY id;", ("$p", project)))
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    ids.Add(reader.GetInt64(0));
                }
            }
            var now = Now;
            foreach (var id in ids)
            {
                NonQuery(tx, "UPDATE jobs SET status = 'FAILED', message = $m, finished = $t, updated = $t WHERE id = $id;", ("$id", id), ("$m", message), ("$t", now));
                AddHistory(tx, id, JobStatuses.Failed, now, note);
            }
            tx.Commit();
            return ids;
        }
    }

    /// <summary>
    /// Deletes the jobs (with their history and steps) that finished before <paramref name="finishedBefore"/>, except the
    /// newest started job of each project and kind, which project info and NOOP detection read. Returns how many went.
    /// </summary>
    public int Prune(DateTimeOffset finishedBefore)
    {
        const string Doomed = """
            SELECT id FROM jobs
            WHERE finished IS NOT NULL AND finished < $before AND status NOT IN ('QUEUED', 'RUNNING')
              AND id NOT IN (SELECT MAX(id) FROM jobs WHERE status <> 'QUEUED' GROUP BY project, kind)
            """;
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            var before = finishedBefore.ToUnixTimeMilliseconds() / 1000.0;
            NonQuery(tx, $"DELETE FROM job_history WHERE job_id IN ({Doomed});", ("$before", before));
            NonQuery(tx, $"DELETE FROM job_steps WHERE job_id IN ({Doomed});", ("$before", before));
            var deleted = NonQuery(tx, $"DELETE FROM jobs WHERE id IN ({Doomed});", ("$before", before));
            tx.Commit();
            return deleted;
        }
    }

    /// <summary>One job, or null.</summary>
    public StoredJob? Get(long id) => QueryJobs($"SELECT {Columns} FROM jobs WHERE id = $id;", ("$id", id)).FirstOrDefault();

    /// <summary>Every QUEUED or RUNNING job, oldest first.</summary>
    public IReadOnlyList<StoredJob> Unfinished() => QueryJobs($"SELECT {Columns} FROM jobs WHERE status IN ('QUEUED', 'RUNNING') ORDER BY id;");

    /// <summary>The newest job of <paramref name="kind"/> for <paramref name="project"/> that has started (upstream writes no record before).</summary>
    public StoredJob? LatestStarted(string project, string kind) =>
        QueryJobs($"SELECT {Columns} FROM jobs WHERE project = $p AND kind = $k AND status <> 'QUEUED' ORDER BY id DESC LIMIT 1;", ("$p", project), ("$k", kind)).FirstOrDefault();

    /// <summary>The newest finished create or destroy job of <paramref name="project"/> before <paramref name="beforeId"/>.</summary>
    public StoredJob? LastFinishedLifecycle(string project, long beforeId) =>
        QueryJobs($"SELECT {Columns} FROM jobs WHERE project = $p AND kind IN ('create', 'destroy') AND id < $id AND finished IS NOT NULL AND status <> 'QUEUED' ORDER BY id DESC LIMIT 1;",
            ("$p", project), ("$id", beforeId)).FirstOrDefault();

    /// <summary>The status history of a job, oldest first.</summary>
    public IReadOnlyList<JobStatusChange> History(long id)
    {
        lock (_gate)
        {
            using var command = Command(null, "SELECT status, at, note FROM job_history WHERE job_id = $id ORDER BY seq;", ("$id", id));
            using var reader = command.ExecuteReader();
            var list = new List<JobStatusChange>();
            while (reader.Read())
            {
                list.Add(new JobStatusChange(reader.GetString(0), FromUnix(reader.GetDouble(1)), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
            return list;
        }
    }

    /// <summary>The step markers of a job, oldest first.</summary>
    public IReadOnlyList<JobStep> Steps(long id)
    {
        lock (_gate)
        {
            using var command = Command(null, "SELECT step, at FROM job_steps WHERE job_id = $id ORDER BY seq;", ("$id", id));
            using var reader = command.ExecuteReader();
            var list = new List<JobStep>();
            while (reader.Read())
            {
                list.Add(new JobStep(reader.GetString(0), FromUnix(reader.GetDouble(1))));
            }
            return list;
        }
    }

    /// <summary>Unix seconds as a <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset FromUnix(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private bool Move(long id, string from, string to, string? note, bool started)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            var now = Now;
            var sql = started
                ? "UPDATE jobs SET status = $to, started = $t, updated = $t WHERE id = $id AND status = $from;"
                : "UPDATE jobs SET status = $to, updated = $t WHERE id = $id AND status = $from;";
            var changed = NonQuery(tx, sql, ("$id", id), ("$from", from), ("$to", to), ("$t", now));
            if (changed == 1)
            {
                AddHistory(tx, id, to, now, note);
            }
            tx.Commit();
            return changed == 1;
        }
    }

    private void Migrate()
    {
        lock (_gate)
        {
            Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);");
            var version = ReadVersion();
            if (version > SchemaVersion)
            {
                throw new InvalidOperationException($"{Path}: job store schema {version} is newer than this node understands ({SchemaVersion}).");
            }
            for (var v = version; v < SchemaVersion; v++)
            {
                using var tx = _connection.BeginTransaction();
                NonQuery(tx, Migrations[v]);
                NonQuery(tx, "DELETE FROM schema_version;");
                NonQuery(tx, "INSERT INTO schema_version (version) VALUES ($v);", ("$v", v + 1));
                tx.Commit();
            }
        }
    }

    private int ReadVersion()
    {
        using var command = Command(null, "SELECT MAX(version) FROM schema_version;");
        return command.ExecuteScalar() is long v ? (int)v : 0;
    }

    private List<StoredJob> QueryJobs(string sql, params (string Name, object? Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = Command(null, sql, parameters);
            using var reader = command.ExecuteReader();
            var list = new List<StoredJob>();
            while (reader.Read())
            {
                string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                double? Real(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
                var errorType = Text(8);
                list.Add(new StoredJob(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    JobRequest.FromJson(reader.GetString(3)),
                    Text(4),
                    reader.GetString(5),
                    reader.GetInt64(6) != 0,
                    reader.GetDouble(11),
                    Real(12),
                    Real(13),
                    reader.GetDouble(14),
                    Text(7) is { } output ? JsonNode.Parse(output)?.AsObject() : null,
                    errorType is null ? null : new JobException(errorType, Text(9) ?? ""),
                    Text(10)));
            }
            return list;
        }
    }

    private void AddHistory(SqliteTransaction tx, long id, string status, double at, string? note) =>
        NonQuery(tx, "INSERT INTO job_history (job_id, status, at, note) VALUES ($id, $s, $t, $n);", ("$id", id), ("$s", status), ("$t", at), ("$n", note));

    private void Execute(string sql)
    {
        using var command = Command(null, sql);
        command.ExecuteNonQuery();
    }

    private int NonQuery(SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(tx, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private object? Scalar(SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(tx, sql, parameters);
        return command.ExecuteScalar();
    }

    private SqliteCommand Command(SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }
}
