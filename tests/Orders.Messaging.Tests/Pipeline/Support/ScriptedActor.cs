using Orders.Messaging.Entities;
using Orders.Configuration;
using Orders.Messaging.Hosting;
using Orders.Messaging.Pipeline;

namespace Orders.Messaging.Tests.Pipeline.Support;

/// <summary>A minimal entity actor, as a service's order actor would be, whose decisions come from the test's <see cref="ActorScript"/>.</summary>
public sealed class ScriptedActor(EntityRuntime runtime, ActorScript script, ServiceIdentity identity) : EntityActor(runtime)
{
    protected override async Task<MessageOutcome> HandleAsync(IIncoming incoming, IServiceProvider services) =>
        await script.HandleAsync(EntityId, incoming, identity.InstanceId).ConfigureAwait(true);
}
