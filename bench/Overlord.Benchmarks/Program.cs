using BenchmarkDotNet.Running;

// Run every benchmark unless a --filter is given: build.ps1 does not pass '*' itself, because pwsh expands
// a bare '*' argument to native commands into file names on Unix.
var arguments = args.Contains("--filter") ? args : [.. args, "--filter", "*"];
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(arguments);
// A run that executed nothing (a filter matching no benchmark, a build failure) must fail the task.
return summaries.Any(s => s.Reports.Length > 0 && !s.HasCriticalValidationErrors) ? 0 : 1;
