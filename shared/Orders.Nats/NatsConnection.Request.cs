using System.Runtime.CompilerServices;
using Orders.Nats.Internal;

namespace Orders.Nats;

public sealed partial class NatsConnection
{
    private readonly SemaphoreSlim _muxGate = new(1, 1);
    private RequestMux? _mux;

    /// <summary>
    /// Sends a request and waits for the first reply. Replies with a status other than 503 (e.g. 404,
    /// 408, 409 from JetStream) are returned as messages: inspect <see cref="NatsHeaders.Code"/>.
    /// </summary>
    /// <exception cref="NatsTimeoutException">No reply within <paramref name="timeout"/> (default <see cref="NatsOpts.RequestTimeout"/>).</exception>
    /// <exception cref="NatsNoRespondersException">Nobody is subscribed to <paramref name="subject"/>.</exception>
    /// <exception cref="NatsAuthorizationException">The server refused the publish or the reply inbox.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<NatsMsg> RequestAsync(string subject, ReadOnlyMemory<byte> data = default, NatsHeaders? headers = null,
                                                 TimeSpan? timeout = null, CancellationToken ct = default)
    {
        SubjectValidator.Validate(subject);
        var wait = timeout ?? Opts.RequestTimeout;
        if (wait <= TimeSpan.Zero && wait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), wait, "The timeout must be positive (or infinite).");
        }

        ct.ThrowIfCancellationRequested();
        var mux = _mux is { Error: null } ready ? ready : await GetRequestMuxAsync(ct).ConfigureAwait(false);
        var request = mux.Register(subject, wait, ct);
        try
        {
            // Someone waits for the answer: written at once when the socket is idle.
            await PublishAsync(subject, data, headers, request.ReplyTo, CommandWriter.Flush.Now, ct).ConfigureAwait(false);
        }
        catch
        {
            mux.Abandon(request);
            throw;
        }

        // Ends with the reply, NatsTimeoutException (the mux's sweep), cancellation or a server error.
        var reply = await request.Reply.ConfigureAwait(false);
        return reply.Headers?.Code == 503 ? throw new NatsNoRespondersException(subject) : reply;
    }

    /// <summary>The shared reply inbox, subscribed on first use (and again if the server refused it).</summary>
    private async ValueTask<RequestMux> GetRequestMuxAsync(CancellationToken ct)
    {
        var mux = _mux;
        if (mux is not null && mux.Error is null)
        {
            return mux;
        }

        await _muxGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_mux is { Error: null } existing)
            {
                return existing;
            }

            await EnsureOpenAsync(ct).ConfigureAwait(false);
            mux = new RequestMux(this, Interlocked.Increment(ref _nextSid), NewInbox());
            await RegisterAsync(mux, ct).ConfigureAwait(false);
            if (mux.Error is { } error)
            {
                throw error;
            }

            _mux = mux;
            return mux;
        }
        finally
        {
            _muxGate.Release();
        }
    }
}
