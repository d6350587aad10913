using Overlord.LoadGen;

// Ctrl+C ends the run early and still prints what was measured.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await LoadGenCommand.RunAsync(args, Console.Out, Console.Error, stop.Token);
