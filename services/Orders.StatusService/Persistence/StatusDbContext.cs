using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Persistence;

namespace Orders.StatusService.Persistence;

/// <summary>
/// status-service's database: <c>order_views</c> and <c>order_history</c> plus the inherited
/// <c>inbox</c> (event ids already applied) and <c>outbox</c> (stays empty: this service publishes nothing).
/// Schema changes need a hand-written migration in <c>Migrations/</c> and an updated snapshot.
/// </summary>
internal sealed class StatusDbContext(DbContextOptions<StatusDbContext> options) : MessagingDbContext(options)
{
    public DbSet<OrderViewRow> OrderViews => Set<OrderViewRow>();

    public DbSet<OrderHistoryRow> OrderHistory => Set<OrderHistoryRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        modelBuilder.Entity<OrderViewRow>(view =>
        {
            view.ToTable(StatusSchema.OrderViews);
            view.HasKey(v => v.OrderId).HasName("pk_order_views");
            view.Property(v => v.OrderId).HasColumnName("order_id");
            view.Property(v => v.Status).HasColumnName("status").HasConversion<string>();
            view.Property(v => v.Version).HasColumnName("version").HasConversion<int>();
            view.HasVersionConcurrencyToken();
            view.Property(v => v.CustomerId).HasColumnName("customer_id");
            view.Property(v => v.Total).HasColumnName("total").HasColumnType(StatusSchema.MoneyType);
            view.Property(v => v.Currency).HasColumnName("currency");
            view.Property(v => v.UpdatedAt).HasColumnName("updated_at");

            // GET /orders?status=X and GET /orders: newest first, read straight off an index.
            view.HasIndex(v => new { v.Status, v.UpdatedAt }).IsDescending(false, true).HasDatabaseName("ix_order_views_status_updated_at");
            view.HasIndex(v => v.UpdatedAt).IsDescending().HasDatabaseName("ix_order_views_updated_at");
        });

        modelBuilder.Entity<OrderHistoryRow>(history =>
        {
            history.ToTable(StatusSchema.OrderHistory);
            history.HasKey(h => new { h.OrderId, h.Version }).HasName("pk_order_history");
            history.Property(h => h.OrderId).HasColumnName("order_id");
            history.Property(h => h.Version).HasColumnName("version");
            history.Property(h => h.Status).HasColumnName("status").HasConversion<string>();
            history.Property(h => h.OccurredAt).HasColumnName("occurred_at");
            history.HasOne<OrderViewRow>().WithMany().HasForeignKey(h => h.OrderId)
                .OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_order_history_order_views_order_id");
        });
    }
}
