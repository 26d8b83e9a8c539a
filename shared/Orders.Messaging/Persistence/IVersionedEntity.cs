namespace Orders.Messaging.Persistence;

/// <summary>
/// An entity updated under optimistic concurrency: its <see cref="Version"/> grows with every
/// accepted change and is mapped as an EF Core concurrency token (see
/// <see cref="MessagingModelBuilderExtensions.HasVersionConcurrencyToken{TEntity}"/>), so an update
/// is <c>UPDATE ... WHERE id = @id AND version = @expected</c> and a lost race changes no row.
/// </summary>
public interface IVersionedEntity
{
    /// <summary>The entity's version; the property must be named <c>Version</c>.</summary>
    long Version { get; }
}
