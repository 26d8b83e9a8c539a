using Microsoft.Extensions.Logging;
using Orders.Contracts.Messaging;
using Orders.Messaging.Pipeline;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Orders.Messaging.Provisioning;

/// <summary>
/// Creates or updates the four streams of the contract (one definition, in Orders.Contracts
/// <see cref="Streams"/>) and then the service's durable consumers, so any start order of the
/// services works. Idempotent, and safe when several instances run it at once: an identical
/// create is answered with the existing stream or consumer. While NATS or JetStream is not ready
/// (just started, restarting, electing a leader) it retries for <see cref="StreamsOptions.ReadyTimeout"/>.
/// </summary>
public sealed partial class StreamProvisioner
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    private readonly INatsJSContext _js;
    private readonly StreamsOptions _options;
    private readonly IReadOnlyList<ConsumerDefinition> _consumers;
    private readonly ILogger<StreamProvisioner> _logger;
    private readonly Lock _gate = new();
    private Task? _provisioned;

    /// <summary>Creates a provisioner for the contract's streams and <paramref name="consumers"/>.</summary>
    public StreamProvisioner(INatsJSContext js, StreamsOptions options, IEnumerable<ConsumerDefinition> consumers, ILogger<StreamProvisioner> logger)
    {
        ArgumentNullException.ThrowIfNull(js);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Replicas, 1, nameof(options.Replicas));
        _js = js;
        _options = options;
        _consumers = [.. consumers];
        foreach (var consumer in _consumers)
        {
            consumer.Validate();
        }

        _logger = logger;
    }

    /// <summary>The stream configuration for <paramref name="spec"/>: file storage, limits retention, 7 days, 2-minute duplicate window.</summary>
    public static StreamConfig ConfigFor(StreamSpec spec, int replicas)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new StreamConfig(spec.Name, [spec.Subject])
        {
            Description = $"Orders contract stream {spec.Name} ({spec.Subject})",
            Storage = StreamConfigStorage.File,
            Retention = StreamConfigRetention.Limits,
            MaxAge = Streams.MaxAge,
            DuplicateWindow = Streams.DuplicateWindow,
            NumReplicas = replicas,
        };
    }

    /// <summary>
    /// Provisions once per process: the first caller starts it, later callers wait for the same
    /// run. A failed run is forgotten, so the next call tries again.
    /// </summary>
    public Task EnsureProvisionedAsync(CancellationToken ct = default)
    {
        Task run;
        lock (_gate)
        {
            if (_provisioned is null || _provisioned.IsFaulted || _provisioned.IsCanceled)
            {
                // Not tied to one caller's token: a caller that gives up must not cancel the others' run.
                _provisioned = ProvisionAsync(CancellationToken.None);
            }

            run = _provisioned;
        }

        return run.WaitAsync(ct);
    }

    /// <summary>Creates or updates every stream, then every consumer; retries while NATS is not ready.</summary>
    public async Task ProvisionAsync(CancellationToken ct = default)
    {
        using var timeout = new CancellationTokenSource(_options.ReadyTimeout);
        foreach (var spec in Streams.All)
        {
            var config = ConfigFor(spec, _options.Replicas);
            await WithRetryAsync($"stream {spec.Name}", () => _js.CreateOrUpdateStreamAsync(config, ct), timeout.Token, ct).ConfigureAwait(false);
        }

        foreach (var consumer in _consumers)
        {
            await ProvisionConsumerCoreAsync(consumer, timeout.Token, ct).ConfigureAwait(false);
        }

        LogProvisioned(Streams.All.Count, _consumers.Count, _options.Replicas);
    }

    /// <summary>
    /// Creates or updates one consumer, and every stream first: after the broker lost its store
    /// none exists any more, and the streams nobody here consumes (DEADLETTER) must come back too,
    /// not only when the first dead letter needs one. Retries while NATS is not ready.
    /// </summary>
    public async Task ProvisionConsumerAsync(ConsumerDefinition consumer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        consumer.Validate();
        using var timeout = new CancellationTokenSource(_options.ReadyTimeout);
        foreach (var spec in Streams.All)
        {
            var config = ConfigFor(spec, _options.Replicas);
            await WithRetryAsync($"stream {spec.Name}", () => _js.CreateOrUpdateStreamAsync(config, ct), timeout.Token, ct).ConfigureAwait(false);
        }

        await ProvisionConsumerCoreAsync(consumer, timeout.Token, ct).ConfigureAwait(false);
    }

    private Task ProvisionConsumerCoreAsync(ConsumerDefinition consumer, CancellationToken deadline, CancellationToken ct) =>
        WithRetryAsync($"consumer {consumer.Name}", () => CreateOrReplaceConsumerAsync(consumer, ct), deadline, ct);

    private async ValueTask<bool> CreateOrReplaceConsumerAsync(ConsumerDefinition consumer, CancellationToken ct)
    {
        var wanted = consumer.ToConsumerConfig();
        try
        {
            var existing = (await _js.GetConsumerAsync(consumer.Stream, consumer.Durable, ct).ConfigureAwait(false)).Info.Config;
            if (Matches(existing, wanted))
            {
                return false;
            }

            LogReplacingConsumer(consumer.Name, existing.DeliverSubject is { Length: > 0 } ? "it is a push consumer" : "its configuration differs");
            await _js.DeleteConsumerAsync(consumer.Stream, consumer.Durable, ct).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404 && ex.Error.ErrCode == ConsumerNotFound)
        {
            // Not there yet: created below.
        }

        await _js.CreateOrUpdateConsumerAsync(consumer.Stream, wanted, ct).ConfigureAwait(false);
        return true;
    }

    // JetStream's error code for "consumer not found" (a missing stream, 10059, must not be swallowed).
    private const int ConsumerNotFound = 10014;

    private static bool Matches(ConsumerConfig existing, ConsumerConfig wanted) =>
        string.IsNullOrEmpty(existing.DeliverSubject)
        && existing.FilterSubject == wanted.FilterSubject
        && existing.AckPolicy == wanted.AckPolicy
        && existing.AckWait == wanted.AckWait
        && existing.MaxDeliver == wanted.MaxDeliver
        && existing.MaxAckPending == wanted.MaxAckPending
        && existing.DeliverPolicy == wanted.DeliverPolicy;

    private async Task WithRetryAsync<T>(string what, Func<ValueTask<T>> call, CancellationToken deadline, CancellationToken ct)
    {
        var delay = FirstRetryDelay;
        var races = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when ((IsTransient(ex) || (IsCreationRace(ex) && ++races <= MaxCreationRaceRetries)) && !ct.IsCancellationRequested)
            {
                // The deadline can pass while an attempt is failing; the caller must still see the
                // timeout that names what was not ready, not whichever connect error came last.
                if (deadline.IsCancellationRequested)
                {
                    throw NotReady(what, ex);
                }

                LogNotReady(ex, what, attempt, delay);
            }

            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline, ct);
                await Task.Delay(delay, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw NotReady(what, inner: null);
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    private TimeoutException NotReady(string what, Exception? inner) =>
        new($"Could not provision {what}: NATS JetStream was not ready within {_options.ReadyTimeout}.", inner);

    // Two instances starting together both find a stream missing and both create it: the loser
    // gets "stream name already in use" (10058) or, while the winner's stream is being assigned,
    // "subjects overlap with an existing stream" (10065). The next attempt finds the stream and
    // updates it. A few attempts only: a stream of another name that really holds our subjects is
    // a configuration error, and the caller must see that error, not a timeout.
    private const int MaxCreationRaceRetries = 3;

    private static bool IsCreationRace(Exception ex) =>
        ex is NatsJSApiException { Error.ErrCode: 10058 or 10065 };

    /// <summary>Failures that go away by themselves: no connection, no JetStream responder yet, a timeout, "temporarily unavailable".</summary>
    private static bool IsTransient(Exception ex) => ex switch
    {
        NatsJSApiException api => api.Error.Code is 500 or 503,
        NatsException nats => !nats.Message.Contains("Authorization Violation", StringComparison.OrdinalIgnoreCase),
        TimeoutException => true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Provisioned {Streams} streams (replicas {Replicas}) and {Consumers} consumers")]
    private partial void LogProvisioned(int streams, int consumers, int replicas);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replacing consumer {Consumer}: {Why}")]
    private partial void LogReplacingConsumer(string consumer, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not provision {What} yet (attempt {Attempt}); retrying in {Delay}")]
    private partial void LogNotReady(Exception exception, string what, int attempt, TimeSpan delay);
}
