using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orders.Messaging.Pipeline;

namespace Orders.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox rows of <typeparamref name="TContext"/>'s database through an
/// <see cref="IOutboxPublisher"/>, in id order, and marks them sent; prunes old sent rows and old
/// inbox rows. Runs as a hosted service (register with
/// <see cref="OutboxServiceCollectionExtensions.AddOutboxRelay{TContext}"/>); every service instance
/// runs one, and <c>FOR UPDATE SKIP LOCKED</c> keeps two instances off the same rows.
/// </summary>
/// <remarks>
/// Guarantee: every committed row is published at least once (a crash between publish and
/// "mark sent" republishes it); <c>Nats-Msg-Id</c> = event id lets the stream's duplicate window
/// drop the copy, so consumers see it effectively once.
/// </remarks>
public sealed partial class OutboxRelay<TContext> : BackgroundService
    where TContext : DbContext
{
    private readonly IDbContextFactory<TContext> _dbFactory;
    private readonly IOutboxPublisher _publisher;
    private readonly OutboxSignal _signal;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OutboxRelay<TContext>> _logger;
    private readonly PipelineStats? _stats;

    /// <summary>Creates a relay; <paramref name="options"/> are validated here. <paramref name="stats"/> records the outbox lag, when given.</summary>
    public OutboxRelay(
        IDbContextFactory<TContext> dbFactory,
        IOutboxPublisher publisher,
        OutboxSignal signal,
        OutboxOptions options,
        TimeProvider timeProvider,
        ILogger<OutboxRelay<TContext>> logger,
        PipelineStats? stats = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _dbFactory = dbFactory;
        _publisher = publisher;
        _signal = signal;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _stats = stats;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting; the first pass does I/O
        var failures = 0;
        var nextPrune = _timeProvider.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await RelayPendingAsync(stoppingToken).ConfigureAwait(false);
                failures = result.Failure is null ? 0 : failures + 1;

                if (_timeProvider.GetUtcNow() >= nextPrune)
                {
                    await PruneAsync(stoppingToken).ConfigureAwait(false);
                    nextPrune = _timeProvider.GetUtcNow() + _options.PruneInterval;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Database unreachable, or similar: nothing was marked sent, so nothing is lost.
                failures++;
                LogPassFailed(ex, failures);
            }

            try
            {
                if (failures > 0)
                {
                    // Back off whatever commits happen meanwhile: hammering a failing broker helps nobody.
                    await Task.Delay(RetryDelay(failures), _timeProvider, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await _signal.WaitAsync(_options.PollInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    /// <summary>Stops the loop, then publishes what is still unsent for up to <see cref="OutboxOptions.ShutdownFlushTimeout"/>.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_options.ShutdownFlushTimeout <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.ShutdownFlushTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var result = await RelayPendingAsync(linked.Token).ConfigureAwait(false);
            LogFlushedOnStop(result.Published);
        }
        catch (Exception ex)
        {
            // Whatever is left stays in the table; the next instance to start publishes it.
            LogFlushOnStopFailed(ex);
        }
    }

    private TimeSpan RetryDelay(int failures)
    {
        var exponential = _options.RetryDelay * Math.Pow(2, Math.Min(failures - 1, 20));
        var capped = exponential < _options.MaxRetryDelay ? exponential : _options.MaxRetryDelay;

        // Up to 20% jitter, so instances that failed together do not retry in lockstep.
        return capped * (1 + (Random.Shared.NextDouble() * 0.2));
    }
}
