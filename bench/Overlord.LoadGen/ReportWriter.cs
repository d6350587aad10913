using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Overlord.LoadGen;

/// <summary>Prints a <see cref="LoadResult"/> as text or JSON. Header values are never printed: they may be tokens.</summary>
internal static class ReportWriter
{
    public static void WriteText(TextWriter output, LoadGenOptions options, LoadResult result)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"url          {options.Url}"));
        output.WriteLine(string.Create(c, $"concurrency  {options.Concurrency}"));
        output.WriteLine(string.Create(c, $"requests     {result.Requests}"));
        output.WriteLine(string.Create(c, $"errors       {result.Errors}"));
        output.WriteLine(string.Create(c, $"elapsed      {result.Elapsed.TotalSeconds:0.000} s"));
        output.WriteLine(string.Create(c, $"rps          {result.RequestsPerSecond:0.0}"));
        output.WriteLine(string.Create(c, $"latency ms   p50 {result.Latency.P50:0.000}  p90 {result.Latency.P90:0.000}  p99 {result.Latency.P99:0.000}  max {result.Latency.Max:0.000}"));
    }

    public static void WriteJson(TextWriter output, LoadGenOptions options, LoadResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("url", options.Url.ToString());
            json.WriteNumber("concurrency", options.Concurrency);
            json.WriteNumber("requests", result.Requests);
            json.WriteNumber("errors", result.Errors);
            json.WriteNumber("elapsed_s", Math.Round(result.Elapsed.TotalSeconds, 6));
            json.WriteNumber("rps", Math.Round(result.RequestsPerSecond, 3));
            json.WriteStartObject("latency_ms");
            json.WriteNumber("p50", Math.Round(result.Latency.P50, 6));
            json.WriteNumber("p90", Math.Round(result.Latency.P90, 6));
            json.WriteNumber("p99", Math.Round(result.Latency.P99, 6));
            json.WriteNumber("max", Math.Round(result.Latency.Max, 6));
            json.WriteEndObject();
            json.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
