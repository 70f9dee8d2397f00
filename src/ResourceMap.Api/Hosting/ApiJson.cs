using System.Text.Json;
using System.Text.Json.Serialization;
using NetTopologySuite.IO.Converters;

namespace ResourceMap.Api.Hosting;

public static class ApiJson
{
    /// <summary>
    /// JSON as the API speaks it: snake_case, GeoJSON geometries (written at 6 decimals), and strict reading — unknown properties,
    /// duplicate keys, numbers sent as strings, text PostgreSQL cannot store and malformed geometries are all
    /// refused here, once, as a 400 naming the field, instead of failing later in the database.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new StrictStringConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new CheckedGeoJsonConverterFactory(new GeoJsonPrecisionConverterFactory()));
    }

    /// <summary>How merge-patch bodies are parsed before merging: duplicate keys are an error there too.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false };
}

/// <summary>
/// A request value the API refuses while reading JSON; the message is the reason shown to the client under the
/// field's name.
/// </summary>
public sealed class RejectedJsonValueException(string reason) : JsonException(reason);

/// <summary>
/// Reads every JSON string: NUL and other control characters (except tab and line breaks) and lone UTF-16
/// surrogates are refused. PostgreSQL cannot store NUL and a lone surrogate cannot be encoded as UTF-8, so these
/// would otherwise fail as 500s deep in the write.
/// </summary>
public sealed class StrictStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new RejectedJsonValueException($"Expected a string, found {TokenName(reader.TokenType)}.");
        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new RejectedJsonValueException("The text contains a lone UTF-16 surrogate (an unpaired \\ud800–\\udfff escape).");
        }
        if (TextRules.Problem(value) is { } problem) throw new RejectedJsonValueException(problem);
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    private static string TokenName(JsonTokenType token) => token switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString().ToLowerInvariant(),
    };
}

/// <summary>What text the API stores: the rule shared by JSON bodies, query parameters and route values.</summary>
public static class TextRules
{
    /// <summary>Null when the text is acceptable; otherwise the reason it is not.</summary>
    public static string? Problem(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0') return "The text contains a NUL character (\\u0000), which cannot be stored.";
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
                return "The text contains a lone UTF-16 surrogate (an unpaired \\ud800–\\udfff escape).";
            }
            if (char.IsLowSurrogate(c)) return "The text contains a lone UTF-16 surrogate (an unpaired \\ud800–\\udfff escape).";
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
                return $"The text contains the control character U+{(int)c:X4}.";
        }
        return null;
    }

    /// <summary>Names and titles are one line: no control characters at all, tab and line breaks included.</summary>
    public static bool IsSingleLine(string? value) => value is null || !value.Any(char.IsControl);
}
