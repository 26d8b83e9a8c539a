using Microsoft.Extensions.Hosting;
using Orders.Messaging.Provisioning;

namespace Orders.Messaging.Hosting.Internal;

/// <summary>
/// Provisions the streams and consumers during start-up, so even a service that only publishes
/// (through its outbox) has its streams, and a missing NATS fails the start after the ready timeout.
/// </summary>
internal sealed class ProvisioningService(StreamProvisioner provisioner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => provisioner.EnsureProvisionedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
