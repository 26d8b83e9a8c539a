using Microsoft.Extensions.Hosting;

namespace Orders.Actors.Hosting.Internal;

/// <summary>Creates the actor system when the host starts and shuts it down gracefully when it stops.</summary>
internal sealed class ActorSystemHostedService(ActorSystem system) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask; // resolving it created it

    public Task StopAsync(CancellationToken cancellationToken) => system.ShutdownAsync(cancellationToken);
}
