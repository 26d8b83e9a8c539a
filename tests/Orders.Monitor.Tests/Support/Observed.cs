using System.Text;
using NATS.Client.Core;
using Orders.Contracts.Json;
using Orders.Monitor.Watching;

namespace Orders.Monitor.Tests.Support;

/// <summary>Builds <see cref="ObservedMessage"/>s and decodes them, for the pure tests.</summary>
internal static class Observed
{
    public static readonly DateTimeOffset StoredAt = new(2026, 11, 21, 8, 0, 0, 123, TimeSpan.Zero);

    public static MonitorEvent Decode<T>(string subject, T message, ulong sequence = 1) =>
        MessageDecoder.Decode(Message(subject, OrdersJson.Serialize(message), sequence: sequence));

    public static MonitorEvent Decode(string subject, string payload, NatsHeaders? headers = null) =>
        MessageDecoder.Decode(Message(subject, Encoding.UTF8.GetBytes(payload), headers));

    public static ObservedMessage Message(string subject, byte[] payload, NatsHeaders? headers = null, ulong sequence = 1, DateTimeOffset? storedAt = null) =>
        new(StreamOf(subject), sequence, subject, storedAt ?? StoredAt, headers, payload);

    private static string StreamOf(string subject) => subject.Split('.')[0] switch
    {
        "commands" => "COMMANDS",
        "orders" => "ORDERS",
        "payments" => "PAYMENTS",
        _ => "DEADLETTER",
    };
}
