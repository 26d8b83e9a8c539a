using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orders.Messaging.Entities;
using Orders.Messaging.Pipeline;

namespace Orders.Entities.Tests.Support;

/// <summary>
/// An Akka.Hosting.TestKit host with one entity region of <typeparamref name="TEntity"/>, registered
/// the way services register theirs (<see cref="EntityHostingExtensions.AddEntityRegions"/> +
/// <see cref="EntityHostingExtensions.WithEntityRegions"/>).
/// </summary>
public abstract class EntityTestKit<TEntity> : Akka.Hosting.TestKit.TestKit
    where TEntity : EntityActor
{
    protected static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    protected EntityTestKit()
        : base(typeof(TEntity).Name)
    {
    }

    public Journal Journal { get; } = new();

    /// <summary>The running test's token (xunit v3), so a cancelled run stops waiting.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public CounterStore Store { get; } = new();

    protected IEntityRegion<TEntity> Region => Host.Services.GetRequiredService<IEntityRegion<TEntity>>();

    protected abstract EntityRegionOptions Configure(EntityRegionOptions options);

    protected Task<MessageOutcome> AskAsync<T>(string entityId, T message, string? messageId = null)
        where T : class =>
        Region.AskAsync<MessageOutcome>(entityId, Messages.Incoming(message, messageId), AskTimeout, Ct).AsTask();

    protected override void ConfigureServices(HostBuilderContext context, IServiceCollection services)
    {
        services.AddSingleton(Journal);
        services.AddSingleton(Store);
        services.AddEntityRegions(entities => entities.WithEntityRegion<TEntity>("test", Configure));
    }

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithEntityRegions(provider);
}
