using Orders.Nats.Internal;
using Orders.Nats.JetStream.Internal;

namespace Orders.Nats.JetStream;

public sealed partial class NatsJSContext
{
    /// <summary>
    /// Creates the stream, or updates it when it exists with a different configuration; returns
    /// the stream unchanged when it already has this configuration. Safe to call at every start-up.
    /// </summary>
    public async ValueTask<StreamInfo> CreateOrUpdateStreamAsync(StreamConfig config, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var name = Token(config.Name, nameof(config));
        var types = JetStreamJsonContext.Default;
        try
        {
            // The server answers a create with an identical configuration with the existing stream.
            return await RequestApiAsync($"STREAM.CREATE.{name}", config, types.StreamConfig, types.StreamInfo, ct).ConfigureAwait(false);
        }
        catch (NatsJSStreamNameInUseException)
        {
            JSLog.UpdatingStream(_logger, name);
            return await RequestApiAsync($"STREAM.UPDATE.{name}", config, types.StreamConfig, types.StreamInfo, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a stream's configuration and state; <see cref="NatsJSStreamNotFoundException"/> when it does not exist.</summary>
    public ValueTask<StreamInfo> GetStreamAsync(string stream, CancellationToken ct = default) =>
        RequestApiAsync($"STREAM.INFO.{Token(stream, nameof(stream))}", ReadOnlyMemory<byte>.Empty, JetStreamJsonContext.Default.StreamInfo, ct);

    /// <summary>Deletes a stream with all its messages and consumers.</summary>
    public async ValueTask<bool> DeleteStreamAsync(string stream, CancellationToken ct = default)
    {
        var response = await RequestApiAsync(
            $"STREAM.DELETE.{Token(stream, nameof(stream))}", ReadOnlyMemory<byte>.Empty, JetStreamJsonContext.Default.SuccessResponse, ct).ConfigureAwait(false);
        return response.Success;
    }

    /// <summary>Removes every message from a stream; returns how many were removed.</summary>
    public async ValueTask<ulong> PurgeStreamAsync(string stream, CancellationToken ct = default)
    {
        var response = await RequestApiAsync(
            $"STREAM.PURGE.{Token(stream, nameof(stream))}", ReadOnlyMemory<byte>.Empty, JetStreamJsonContext.Default.PurgeResponse, ct).ConfigureAwait(false);
        return response.Purged;
    }

    /// <summary>
    /// Reads one stored message by stream sequence (e.g. to inspect a message that reached its
    /// consumer's max deliveries); <see cref="NatsJSMessageNotFoundException"/> when there is none.
    /// </summary>
    public async ValueTask<StoredMsg> GetMsgAsync(string stream, ulong sequence, CancellationToken ct = default)
    {
        var types = JetStreamJsonContext.Default;
        var response = await RequestApiAsync(
            $"STREAM.MSG.GET.{Token(stream, nameof(stream))}", new MsgGetRequest(sequence), types.MsgGetRequest, types.MsgGetResponse, ct).ConfigureAwait(false);
        var message = response.Message ?? throw new NatsJSException($"Stream {stream} returned no message for sequence {sequence}.");
        var headers = message.Hdrs is { Length: > 0 } block ? HeaderCodec.Parse(block) : null;
        return new StoredMsg(message.Subject, message.Seq, message.Data ?? [], headers, message.Time);
    }
}
