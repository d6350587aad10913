using System.Text.Json;
using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>Writes <see cref="PollingSkew"/> as upstream prints it, <c>[min, max]</c>, and reads that form back.</summary>
public sealed class PollingSkewJsonConverter : JsonConverter<PollingSkew>
{
    /// <inheritdoc />
    public override PollingSkew Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("polling.skew must be a list of two integers.");
        }
        reader.Read();
        var min = reader.GetInt32();
        reader.Read();
        var max = reader.GetInt32();
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("polling.skew must be a list of two integers.");
        }
        return new PollingSkew(min, max);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PollingSkew value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Min);
        writer.WriteNumberValue(value.Max);
        writer.WriteEndArray();
    }
}

/// <summary>
/// Writes <see cref="BeanstalkdAddress"/> in the form it is written in the config file (upstream prints a
/// <c>[host, port]</c> pair or the socket path) and reads that form back.
/// </summary>
public sealed class BeanstalkdAddressJsonConverter : JsonConverter<BeanstalkdAddress>
{
    /// <inheritdoc />
    public override BeanstalkdAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("beanstalkd_addr must be a string.");
        return BeanstalkdAddress.TryParse(text, out var address, out var error) ? address! : throw new JsonException("beanstalkd_addr: " + error);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, BeanstalkdAddress value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
