using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orders.Messaging.Persistence;
using Orders.Messaging.Pipeline;

namespace Orders.Messaging.Outbox;

/// <summary>Registers the inbox/outbox machinery on the generic host.</summary>
public static class OutboxServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MessageCommitter"/> (and the <see cref="PipelineStats"/> it counts lost races in),
    /// <see cref="OutboxSignal"/>, default <see cref="OutboxOptions"/> unless the service registered its own, and
    /// <see cref="OutboxRelay{TContext}"/> as a hosted service. The service must also register an
    /// <see cref="IDbContextFactory{TContext}"/> (<c>AddDbContextFactory</c> or
    /// <c>AddPooledDbContextFactory</c>) and an <see cref="IOutboxPublisher"/> (the JetStream one).
    /// </summary>
    public static IServiceCollection AddOutboxRelay<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<PipelineStats>();
        services.TryAddSingleton<MessageCommitter>();
        services.TryAddSingleton(new OutboxOptions());
        services.TryAddSingleton<OutboxRelay<TContext>>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxRelay<TContext>>());
        return services;
    }
}
