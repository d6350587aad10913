using System.Text.Json;
using System.Text.Json.Serialization;

namespace Overlord.Service.Jails;

/// <summary>
/// Source-generated JSON for Director's output. Strict on shape: a missing property or a null where the model has no
/// null is an error, so a half-written or foreign JSON is reported instead of read as defaults.
/// </summary>
[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(DirectorDescription))]
[JsonSerializable(typeof(DirectorReport))]
internal sealed partial class DirectorJsonContext : JsonSerializerContext;

/// <summary>Finds the <c>{"errlevel", "message", "failed"}</c> report in what <c>up -j</c> / <c>down -j</c> printed.</summary>
internal static class DirectorReportParser
{
    /// <summary>
    /// The report is the last thing on stdout. Something may precede it (Director prints its INI error on stdout),
    /// so each object that starts a line is tried, first to last, until one parses through to the end. Returns the
    /// report, or null and the reason.
    /// </summary>
    public static (DirectorReport? Report, string? Problem) Parse(string stdout)
    {
        var text = stdout.TrimEnd();
        if (text.Length == 0)
        {
            return (null, "Director printed nothing on stdout (no JSON report)");
        }
        string? lastError = null;
        for (var start = 0; start < text.Length; start = text.IndexOf('\n', start) is var newline and >= 0 ? newline + 1 : text.Length)
        {
            if (text[start] != '{')
            {
                continue;
            }
            try
            {
                if (JsonSerializer.Deserialize(text.AsSpan(start), DirectorJsonContext.Default.DirectorReport) is { } report)
                {
                    return (report, null);
                }
            }
            catch (JsonException e)
            {
                lastError = e.Message;
            }
        }
        return lastError is null
            ? (null, $"no JSON report on stdout: {Shorten(text)}")
            : (null, $"the JSON report is truncated or invalid: {lastError}");
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
