using Microsoft.EntityFrameworkCore;

namespace Orders.Messaging.Persistence;

/// <summary>
/// Base class for a service's DbContext: adds the <c>inbox</c> and <c>outbox</c> tables to its
/// model, so the service's own rows, the inbox row and the outbox rows are written by one
/// <c>SaveChanges</c>, in one transaction (see <see cref="MessageCommitter"/>).
/// </summary>
/// <example>
/// <code>
/// public sealed class OrdersDbContext(DbContextOptions&lt;OrdersDbContext&gt; options) : MessagingDbContext(options)
/// {
///     public DbSet&lt;Order&gt; Orders =&gt; Set&lt;Order&gt;();
///
///     protected override void OnModelCreating(ModelBuilder modelBuilder)
///     {
///         base.OnModelCreating(modelBuilder); // inbox + outbox
///         modelBuilder.Entity&lt;Order&gt;(order =&gt; { order.ToTable("orders"); order.HasVersionConcurrencyToken(); });
///     }
/// }
/// </code>
/// </example>
public abstract class MessagingDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Messages whose effects are committed.</summary>
    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();

    /// <summary>Events to publish (and, until pruned, published ones).</summary>
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddInboxAndOutbox();
}
