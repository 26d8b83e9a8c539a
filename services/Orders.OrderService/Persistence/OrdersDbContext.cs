using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Persistence;

namespace Orders.OrderService.Persistence;

/// <summary>
/// order-service's database: <c>orders</c> and <c>order_requests</c>, plus the inherited
/// <c>inbox</c> and <c>outbox</c>, so one <c>SaveChanges</c> commits all of them together.
/// The schema is created by the hand-written migrations in <c>Migrations/</c>.
/// </summary>
internal sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : MessagingDbContext(options)
{
    public DbSet<OrderRecord> Orders => Set<OrderRecord>();

    public DbSet<OrderRequestRecord> OrderRequests => Set<OrderRequestRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        modelBuilder.Entity<OrderRecord>(order =>
        {
            order.ToTable("orders");
            order.HasKey(o => o.OrderId).HasName("pk_orders");
            order.Property(o => o.OrderId).HasColumnName("order_id");
            order.Property(o => o.CustomerId).HasColumnName("customer_id");
            order.Property(o => o.Currency).HasColumnName("currency");
            order.Property(o => o.Items).HasColumnName("items").HasColumnType("jsonb");
            order.Property(o => o.Total).HasColumnName("total").HasColumnType("numeric(12,2)");
            order.Property(o => o.Status).HasColumnName("status").HasConversion<string>();
            order.Property(o => o.Version).HasColumnName("version");
            order.Property(o => o.ContentFingerprint).HasColumnName("content_fingerprint");
            order.Property(o => o.PaymentId).HasColumnName("payment_id");
            order.Property(o => o.CreatedAt).HasColumnName("created_at");
            order.Property(o => o.UpdatedAt).HasColumnName("updated_at");
            order.HasVersionConcurrencyToken();
        });

        modelBuilder.Entity<OrderRequestRecord>(request =>
        {
            request.ToTable("order_requests");
            request.HasKey(r => new { r.OrderId, r.RequestId }).HasName("pk_order_requests");
            request.Property(r => r.OrderId).HasColumnName("order_id");
            request.Property(r => r.RequestId).HasColumnName("request_id");
            request.Property(r => r.Outcome).HasColumnName("outcome");
            request.Property(r => r.HandledAt).HasColumnName("handled_at");
            request.HasOne<OrderRecord>()
                .WithMany()
                .HasForeignKey(r => r.OrderId)
                .HasConstraintName("fk_order_requests_orders")
                .OnDelete(DeleteBehavior.Cascade);
        });
    }
}
