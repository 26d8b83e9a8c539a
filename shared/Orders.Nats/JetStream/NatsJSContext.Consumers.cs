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

    /// <summary>
    /// Creates an ephemeral consumer on <paramref name="stream"/>: <paramref name="config"/> has an
    /// empty <see cref="ConsumerConfig.DurableName"/>, the server picks the name (in the returned
    /// <see cref="ConsumerInfo.Name"/>) and removes the consumer once nobody has used it for its
    /// <see cref="ConsumerConfig.InactiveThreshold"/>, and at a restart unless it is replicated.
    /// For observers that keep no position on the server, typically push with
    /// <see cref="ConsumerAckPolicy.None"/> (which the server accepts only with
    /// <see cref="ConsumerConfig.MaxAckPending"/> 0); consume it with
    /// <see cref="ConsumePushAsync(ConsumerInfo, CancellationToken)"/>.
    /// Uses <c>$JS.API.CONSUMER.CREATE.&lt;stream&gt;</c>, the nats-server 2.9 form, so a user
    /// allowed only that subject (and <c>CONSUMER.DELETE/INFO.&lt;stream&gt;.*</c>) can call it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="config"/> has a durable name.</exception>
    /// <exception cref="NatsJSStreamNotFoundException">The stream does not exist.</exception>
    /// <exception cref="NatsJSApiException">The server refused the configuration.</exception>
    public ValueTask<ConsumerInfo> CreateEphemeralConsumerAsync(string stream, ConsumerConfig config, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!string.IsNullOrEmpty(config.DurableName))
        {
            throw new ArgumentException(
                $"An ephemeral consumer has no durable name ('{config.DurableName}' given): use CreateOrUpdateConsumerAsync for durables.", nameof(config));
        }

        var types = JetStreamJsonContext.Default;
        return RequestApiAsync(
            $"CONSUMER.CREATE.{Token(stream, nameof(stream))}",
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
