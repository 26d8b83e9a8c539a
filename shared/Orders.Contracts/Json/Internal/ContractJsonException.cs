using System.Text.Json;

namespace Orders.Contracts.Json.Internal;

/// <summary>
/// Thrown by our own converters with a message already in plain words, so the error text
/// keeps it instead of guessing from the JSON (the serializer adds the path).
/// </summary>
internal sealed class ContractJsonException(string message) : JsonException(message);
