using Orders.Messaging.Entities;
using Orders.Messaging.Pipeline;

namespace Orders.Messaging.Hosting;

/// <summary>What <see cref="OrdersMessagingExtensions.AddOrdersMessaging{TContext}"/> wires besides the outbox relay and migrations, which every service gets: the actors and the consumers.</summary>
public sealed class OrdersMessagingBuilder
{
    internal OrdersMessagingBuilder()
    {
    }

    internal Action<EntityActorsBuilder>? ConfigureActors { get; private set; }

    // Each adds one consumer; the argument is the configured Pipeline:MaxInFlight, if any.
    internal List<Action<Microsoft.Extensions.DependencyInjection.IServiceCollection, int?>> Consumers { get; } = [];

    /// <summary>The actor system (Akka.NET, named after the service) and its entity regions.</summary>
    public OrdersMessagingBuilder WithActors(Action<EntityActorsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        ConfigureActors = configure;
        return this;
    }

    /// <summary>
    /// A consumer whose messages go to the entity actors of <typeparamref name="TActor"/>. The
    /// configuration's <c>Pipeline:MaxInFlight</c>, when set, replaces the definition's <see cref="ConsumerDefinition.MaxInFlight"/>.
    /// </summary>
    public OrdersMessagingBuilder WithConsumer<TActor>(ConsumerDefinition definition)
        where TActor : EntityActor
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate();
        Consumers.Add((services, maxInFlight) => services.AddJetStreamConsumer<TActor>(
            maxInFlight is { } configured ? definition with { MaxInFlight = configured } : definition));
        return this;
    }
}
