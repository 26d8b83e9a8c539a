using Orders.Actors.Entities;
using Orders.Messaging.Hosting;
using Orders.Messaging.Pipeline;

namespace Orders.Messaging.Tests.Pipeline.Support;

/// <summary>A minimal entity actor, as a service's order actor would be, whose decisions come from the test's <see cref="ActorScript"/>.</summary>
public sealed class ScriptedActor(ActorScript script, ServiceIdentity identity) : EntityActor
{
    protected override async ValueTask ReceiveAsync(object message)
    {
        if (message is not IIncoming incoming)
        {
            Unhandled(message);
            return;
        }

        Reply(await script.HandleAsync(EntityId, incoming, identity.InstanceId));
    }
}
