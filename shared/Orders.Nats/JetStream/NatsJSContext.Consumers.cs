using Orders.Nats.JetStream.Internal;

namespace Orders.Nats.JetStream;

public sealed partial class NatsJSContext
{
    /// <summary>
    /// Creates a durable consumer on <paramref name="stream"/>, or updates it in place (the server
    /// accepts changes to fields such as ack wait, max deliver or max ack pending, and refuses
    /// others with a <see cref="NatsJSApiException"/>). Uses
    /// <c>$JS.API.CONSUMER.DURABLE.CREATE</c>, which nats-server 2.9 understands.
    /// </summary>
    public ValueTask<ConsumerInfo> CreateOrUpdateConsumerAsync(string stream, ConsumerConfig config, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var types = JetStreamJsonContext.Default;
        return RequestApiAsync(
            $"CONSUMER.DURABLE.CREATE.{Token(stream, nameof(stream))}.{Token(config.DurableName, nameof(config))}",
            new ConsumerCreateRequest(stream, config),
            types.ConsumerCreateRequest,
            types.ConsumerInfo,
            ct);
    }

    /// <summary>Reads a consumer's configuration and state; <see cref="NatsJSConsumerNotFoundException"/> when it does not exist.</summary>
    public ValueTask<ConsumerInfo> GetConsumerAsync(string stream, string consumer, CancellationToken ct = default) =>
        RequestApiAsync(
            $"CONSUMER.INFO.{Token(stream, nameof(stream))}.{Token(consumer, nameof(consumer))}",
            ReadOnlyMemory<byte>.Empty,
            JetStreamJsonContext.Default.ConsumerInfo,
            ct);

    /// <summary>Deletes a consumer.</summary>
    public async ValueTask<bool> DeleteConsumerAsync(string stream, string consumer, CancellationToken ct = default)
    {
        var response = await RequestApiAsync(
            $"CONSUMER.DELETE.{Token(stream, nameof(stream))}.{Token(consumer, nameof(consumer))}",
            ReadOnlyMemory<byte>.Empty,
            JetStreamJsonContext.Default.SuccessResponse,
            ct).ConfigureAwait(false);
        return response.Success;
    }
}
