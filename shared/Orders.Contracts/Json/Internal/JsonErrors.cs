using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orders.Contracts.Internal;

namespace Orders.Contracts.Json.Internal;

/// <summary>
/// Explains why a payload could not be read, in one plain line naming the property at fault:
/// <c>items[0].quantity must be an integer (was "2")</c>. The serializer's own messages name
/// CLR types and constructor parameters, which mean nothing to whoever sent the message, so
/// the explanation is rebuilt from the JSON itself and the contract's type metadata. Runs only
/// on the failure path, where parsing the payload a second time costs nothing that matters.
/// </summary>
internal static class JsonErrors
{
    public static string Describe(ReadOnlySpan<byte> utf8Json, JsonTypeInfo rootType, JsonException exception)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray());
        }
        catch (JsonException syntax)
        {
            return $"the payload is not valid JSON: {WithoutPosition(syntax.Message)} " +
                   $"(line {syntax.LineNumber + 1}, byte {syntax.BytePositionInLine + 1})";
        }

        using (document)
        {
            return DescribeShapeProblem(document.RootElement, rootType, exception);
        }
    }

    public static string DescribeToken(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString(),
    };

    private static string DescribeShapeProblem(JsonElement root, JsonTypeInfo rootType, JsonException exception)
    {
        var path = exception.Path is null or "$" ? [] : ParsePath(exception.Path);
        var where = FormatPath(path);

        if (exception is ContractJsonException)
        {
            return where.Length == 0 ? exception.Message : $"{where} {exception.Message}";
        }

        if (!TryWalk(root, rootType, path, out var element, out var type))
        {
            return Fallback(where, exception);
        }

        if (element.ValueKind == JsonValueKind.Object && type.Kind == JsonTypeInfoKind.Object)
        {
            var missing = MissingRequiredProperties(element, type);
            return missing.Count == 0
                ? Fallback(where, exception)
                : string.Join("; ", missing.Select(name => $"{Join(where, name)} is required"));
        }

        var subject = where.Length == 0 ? "the payload" : where;
        return $"{subject} must be {Expected(type)} (was {Actual(element)})";
    }

    private static List<string> MissingRequiredProperties(JsonElement json, JsonTypeInfo type)
    {
        var missing = new List<string>();
        foreach (var property in type.Properties)
        {
            var required = property.IsRequired || property.AssociatedParameter is { HasDefaultValue: false };
            if (required && !json.TryGetProperty(property.Name, out _))
            {
                missing.Add(property.Name);
            }
        }

        return missing;
    }

    private static bool TryWalk(JsonElement root, JsonTypeInfo rootType, List<object> path, out JsonElement element, out JsonTypeInfo type)
    {
        element = root;
        type = rootType;
        foreach (var segment in path)
        {
            if (segment is string name)
            {
                var property = type.Properties.FirstOrDefault(p => p.Name == name);
                if (element.ValueKind != JsonValueKind.Object || property is null || !element.TryGetProperty(name, out element))
                {
                    return false;
                }

                type = type.Options.GetTypeInfo(property.PropertyType);
            }
            else
            {
                var index = (int)segment;
                if (element.ValueKind != JsonValueKind.Array || type.ElementType is null || index >= element.GetArrayLength())
                {
                    return false;
                }

                element = element[index];
                type = type.Options.GetTypeInfo(type.ElementType);
            }
        }

        return true;
    }

    private static string Expected(JsonTypeInfo type)
    {
        var clr = Nullable.GetUnderlyingType(type.Type) ?? type.Type;
        return clr switch
        {
            _ when clr == typeof(int) || clr == typeof(long) => "an integer",
            _ when clr == typeof(decimal) || clr == typeof(double) => "a number",
            _ when clr == typeof(string) => "a string",
            _ when clr == typeof(bool) => "true or false",
            _ when clr == typeof(DateTimeOffset) => "an ISO-8601 UTC timestamp",
            _ when clr.IsEnum => "one of " + string.Join(", ", Enum.GetNames(clr)),
            _ when type.Kind == JsonTypeInfoKind.Enumerable => "an array",
            _ => "an object",
        };
    }

    private static string Actual(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => PlainText.Quote(element.GetString()),
        JsonValueKind.Number => PlainText.Quote(element.GetRawText()).Trim('"'),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "nothing",
    };

    private static string Fallback(string where, JsonException exception) =>
        where.Length == 0 ? WithoutPosition(exception.Message) : $"{where}: {WithoutPosition(exception.Message)}";

    // "$.items[2].quantity" or "$['odd.name'][2]" -> ["items", 2, "quantity"].
    private static List<object> ParsePath(string path)
    {
        var segments = new List<object>();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                end = end < 0 ? path.Length : end;
                if (int.TryParse(path.AsSpan(i + 1, end - i - 1), out var index))
                {
                    segments.Add(index);
                }

                i = end + 1;
            }
            else
            {
                i++;
            }
        }

        return segments;
    }

    private static string FormatPath(List<object> path)
    {
        var text = string.Empty;
        foreach (var segment in path)
        {
            text = segment is int index ? $"{text}[{index}]" : Join(text, (string)segment);
        }

        return text;
    }

    private static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    // The serializer appends " Path: $.x | LineNumber: 0 | BytePositionInLine: 12." to its
    // messages; position is reported separately, so only the words before it are kept.
    private static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        return (cut < 0 ? message : message[..cut]).TrimEnd(' ', '.', '|');
    }
}
