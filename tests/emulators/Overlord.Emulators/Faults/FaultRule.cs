namespace Overlord.Emulators;

/// <summary>
/// One fault-injection rule, as stored in <c>&lt;root&gt;/.emu/faults.json</c> (a JSON array of these) or given in
/// <c>OVERLORD_EMU_FAULT</c>. A call matches when <see cref="Tool"/> equals the tool (or is <c>*</c>),
/// <see cref="Argv"/> (a glob over the arguments joined by single blanks) matches, and the optional
/// <see cref="Project"/> / <see cref="Jail"/> / <see cref="Service"/> filters agree.
/// </summary>
/// <param name="Tool"><c>appjail</c>, <c>appjail-director</c>, <c>rctl</c>, <c>sysctl</c> or <c>*</c>.</param>
/// <param name="Effect">The knob: <c>exit=N</c>, <c>hang</c>, <c>slow-start=MS</c> … (see tests/emulators/README.md).</param>
public sealed record FaultRule(string Tool, string Effect)
{
    /// <summary>Glob over the arguments after the tool name, joined by one blank; null matches everything.</summary>
    public string? Argv { get; init; }

    /// <summary>Director project (from <c>-p</c> or <c>DIRECTOR_PROJECT</c>); for AppJail calls made by Director too.</summary>
    public string? Project { get; init; }

    /// <summary>Jail name that must appear as one argument.</summary>
    public string? Jail { get; init; }

    /// <summary>Director service the effect applies to (step faults of <c>up</c>); null means the first one built.</summary>
    public string? Service { get; init; }

    /// <summary>Apply to the next N matching calls, then drop the rule; null means every call.</summary>
    public int? Count { get; init; }

    /// <summary>Chance (0–1) that a matching call is affected; null means always.</summary>
    public double? Probability { get; init; }
}
