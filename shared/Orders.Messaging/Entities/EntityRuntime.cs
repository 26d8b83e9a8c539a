using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orders.Messaging.Entities;

/// <summary>
/// What every child of one entity parent shares: its settings, the root provider's scope factory
/// (a scope per message, never one per actor) and the region's logger. Created once per region and
/// handed to each child's constructor, so an idle child costs no more than its own fields.
/// </summary>
public sealed class EntityRuntime
{
    public EntityRuntime(string regionName, EntityRegionOptions options, IServiceScopeFactory scopes, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(regionName);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(logger);
        RegionName = regionName;
        Options = options;
        Scopes = scopes;
        Logger = logger;
    }

    /// <summary>The parent's name, e.g. <c>orders</c>; shows in logs.</summary>
    public string RegionName { get; }

    public EntityRegionOptions Options { get; }

    /// <summary>Where each message's DI scope comes from.</summary>
    public IServiceScopeFactory Scopes { get; }

    /// <summary>The logger of every child of the region (one instance, not one per child).</summary>
    public ILogger Logger { get; }
}
