using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace Overlord.PowerShell.Tests.Support;

/// <summary>
/// A host that keeps every line written to it (where PowerShell writes "What if:" messages) and answers -Confirm
/// prompts from a script of choices, so tests can read the plan -WhatIf shows and decline single targets.
/// </summary>
internal sealed class CapturingHost : PSHost
{
    private readonly CapturingUI _ui = new();

    /// <summary>Every line the host got.</summary>
    public IReadOnlyList<string> Lines => _ui.Lines;

    /// <summary>Answers to confirmation prompts, in order: 0 Yes, 1 Yes to All, 2 No, 3 No to All.</summary>
    public Queue<int> Choices => _ui.Choices;

    /// <summary>The prompts' texts, in order.</summary>
    public IReadOnlyList<string> Prompts => _ui.Prompts;

    public override string Name => "CapturingHost";

    public override Version Version { get; } = new(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override void SetShouldExit(int exitCode) { }

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication() { }

    public override void NotifyEndApplication() { }

    private sealed class CapturingUI : PSHostUserInterface
    {
        private readonly List<string> _lines = [];
        private readonly List<string> _prompts = [];

        public IReadOnlyList<string> Lines { get { lock (_lines) { return [.. _lines]; } } }

        public IReadOnlyList<string> Prompts => _prompts;

        public Queue<int> Choices { get; } = new();

        public override PSHostRawUserInterface? RawUI => null;

        private void Add(string text)
        {
            lock (_lines)
            {
                _lines.Add(text);
            }
        }

        public override string ReadLine() => "";

        public override SecureString ReadLineAsSecureString() => new();

        public override void Write(string value) => Add(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Add(value);

        public override void WriteLine(string value) => Add(value);

        public override void WriteErrorLine(string value) => Add(value);

        public override void WriteDebugLine(string message) { }

        public override void WriteProgress(long sourceId, ProgressRecord record) { }

        public override void WriteVerboseLine(string message) { }

        public override void WriteWarningLine(string message) { }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => [];

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            _prompts.Add(message);
            return Choices.Count > 0 ? Choices.Dequeue() : defaultChoice;
        }
    }
}
