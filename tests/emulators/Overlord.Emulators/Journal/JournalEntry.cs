namespace Overlord.Emulators;

/// <summary>One line of <c>&lt;root&gt;/.emu/journal.jsonl</c>: one emulated tool call.</summary>
/// <param name="Time">UTC start time, ISO 8601.</param>
/// <param name="Pid">Emulator process id (calls Director makes in-process share its pid).</param>
/// <param name="Tool">Tool name.</param>
/// <param name="Argv">Arguments after the tool name.</param>
/// <param name="Env">The <c>DIRECTOR_*</c> and <c>OVERLORD_*</c> variables the call saw.</param>
/// <param name="Cwd">Working directory.</param>
/// <param name="Exit">Exit code; 143 when ended by SIGTERM, 137 for <c>sigkill-self</c>.</param>
/// <param name="DurationMs">Wall time of the call.</param>
/// <param name="Nested">True for an AppJail call Director made (in-process, as a real child would be spawned).</param>
/// <param name="Faults">Effects of the fault rules that matched.</param>
public sealed record JournalEntry(
    string Time,
    int Pid,
    string Tool,
    IReadOnlyList<string> Argv,
    IReadOnlyDictionary<string, string> Env,
    string Cwd,
    int? Exit,
    double DurationMs,
    bool Nested,
    IReadOnlyList<string> Faults);
