using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orders.Messaging.DeadLetters;
using Orders.Messaging.Entities;
using Orders.Messaging.Pipeline.Internal;
using Orders.Messaging.Provisioning;
using NATS.Client.JetStream;

namespace Orders.Messaging.Pipeline;

/// <summary>
/// A hosted service that feeds one durable JetStream pull consumer (every instance of the service
/// pulls from the same durable, so they share its messages) to the entity actors of <typeparamref name="TActor"/>:
/// decode and validate, Ask the actor of the order in delivery order, then ack, nak or dead-letter
/// by its <see cref="MessageOutcome"/>. Register with
/// <see cref="ConsumerServiceCollectionExtensions.AddJetStreamConsumer{TActor}"/>.
/// </summary>
/// <remarks>
/// Stopping: pulling ends first (no new messages), then the messages in flight finish and
/// their acks are flushed, bounded by the host's shutdown timeout. Register consumers after the
/// actor system so they stop before it (hosted services stop in reverse registration order).
/// </remarks>
public sealed class JetStreamConsumer<TActor> : BackgroundService
    where TActor : EntityActor
{
    private readonly ConsumerPipeline _pipeline;
    private readonly StreamProvisioner _provisioner;

    /// <summary>Creates the consumer of <paramref name="definition"/>; DI supplies the rest.</summary>
    public JetStreamConsumer(
        ConsumerDefinition definition,
        IEntityRegion<TActor> region,
        INatsJSContext js,
        StreamProvisioner provisioner,
        DeadLetterPublisher deadLetters,
        PipelineStats stats,
        ConsumerBindings bindings,
        ILogger<JetStreamConsumer<TActor>> logger)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _pipeline = new ConsumerPipeline(definition, region, js, provisioner, deadLetters, stats, bindings, logger);
        _provisioner = provisioner;
        Definition = definition;
    }

    /// <summary>The consumer this service feeds.</summary>
    public ConsumerDefinition Definition { get; }

    /// <summary>
    /// Provisions the streams and consumers (once per process) before the host counts as started,
    /// so a started service has its consumer; then starts receiving in the background.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _provisioner.EnsureProvisionedAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Ends the receive loop (stops pulling, drains what arrived), then waits for the in-flight messages.
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await _pipeline.DrainAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _pipeline.RunAsync(stoppingToken);
}
