using Orders.Messaging.Entities;
using Orders.Messaging.Outbox;
using Orders.Messaging.Pipeline;

namespace Orders.Messaging.Hosting;

/// <summary>What <see cref="OrdersMessagingExtensions.AddOrdersMessaging{TContext}"/> wires: the actors, the consumers, the outbox.</summary>
public sealed class OrdersMessagingBuilder
{
    internal OrdersMessagingBuilder()
    {
    }

    internal Action<EntityActorsBuilder>? ConfigureActors { get; private set; }

    internal List<Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>> Consumers { get; } = [];

    internal OutboxOptions OutboxOptions { get; private set; } = new();

    internal bool MigrateOnStart { get; private set; } = true;

    /// <summary>The actor system (Akka.NET, named after the service) and its entity regions.</summary>
    public OrdersMessagingBuilder WithActors(Action<EntityActorsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        ConfigureActors = configure;
        return this;
    }

    /// <summary>A consumer whose messages go to the entity actors of <typeparamref name="TActor"/>.</summary>
    public OrdersMessagingBuilder WithConsumer<TActor>(ConsumerDefinition definition)
        where TActor : EntityActor
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate();
        Consumers.Add(services => services.AddJetStreamConsumer<TActor>(definition));
        return this;
    }

    /// <summary>Outbox relay settings (defaults: <see cref="OutboxOptions"/>).</summary>
    public OrdersMessagingBuilder WithOutbox(OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OutboxOptions = options;
        return this;
    }

    /// <summary>Do not apply EF Core migrations at start-up (e.g. when a deployment job does it).</summary>
    public OrdersMessagingBuilder WithoutMigrationsOnStart()
    {
        MigrateOnStart = false;
        return this;
    }
}
