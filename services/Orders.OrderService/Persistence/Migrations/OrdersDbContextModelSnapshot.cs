using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Orders.Messaging.Persistence;

namespace Orders.OrderService.Persistence.Migrations;

/// <summary>
/// The model as of the latest migration, by hand in the form <c>dotnet ef</c> would generate.
/// <c>MigrateAsync</c> compares it with the live model and refuses to run when they differ, so a
/// mapping change without a migration fails at start-up. Update it with every new migration.
/// </summary>
[DbContext(typeof(OrdersDbContext))]
internal sealed class OrdersDbContextModelSnapshot : ModelSnapshot
{
    private const string Text = "text";
    private const string Timestamp = "timestamp with time zone";
    private const string OrderEntity = "Orders.OrderService.Persistence.OrderRecord";
    private const string RequestEntity = "Orders.OrderService.Persistence.OrderRequestRecord";

    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder.HasAnnotation("Relational:MaxIdentifierLength", 63);
        modelBuilder.UseIdentityByDefaultColumns();
        modelBuilder.HasInboxAndOutboxV2();

        modelBuilder.Entity(OrderEntity, order =>
        {
            order.Property<string>("OrderId").HasColumnType(Text).HasColumnName("order_id");
            order.Property<string>("CustomerId").IsRequired().HasColumnType(Text).HasColumnName("customer_id");
            order.Property<string>("Currency").IsRequired().HasColumnType(Text).HasColumnName("currency");
            order.Property<string>("Items").IsRequired().HasColumnType("jsonb").HasColumnName("items");
            order.Property<decimal>("Total").HasColumnType("numeric(12,2)").HasColumnName("total");
            order.Property<string>("Status").IsRequired().HasColumnType(Text).HasColumnName("status");
            order.Property<long>("Version").IsConcurrencyToken().HasColumnType("bigint").HasColumnName("version");
            order.Property<string>("ContentFingerprint").IsRequired().HasColumnType(Text).HasColumnName("content_fingerprint");
            order.Property<string>("PaymentId").HasColumnType(Text).HasColumnName("payment_id");
            order.Property<DateTimeOffset>("CreatedAt").HasColumnType(Timestamp).HasColumnName("created_at");
            order.Property<DateTimeOffset>("UpdatedAt").HasColumnType(Timestamp).HasColumnName("updated_at");
            order.HasKey("OrderId").HasName("pk_orders");
            order.ToTable("orders");
        });

        modelBuilder.Entity(RequestEntity, request =>
        {
            request.Property<string>("OrderId").HasColumnType(Text).HasColumnName("order_id");
            request.Property<string>("RequestId").HasColumnType(Text).HasColumnName("request_id");
            request.Property<string>("Outcome").IsRequired().HasColumnType(Text).HasColumnName("outcome");
            request.Property<DateTimeOffset>("HandledAt").HasColumnType(Timestamp).HasColumnName("handled_at");
            request.HasKey("OrderId", "RequestId").HasName("pk_order_requests");
            request.ToTable("order_requests");
        });

        modelBuilder.Entity(RequestEntity, request =>
            request.HasOne(OrderEntity, null)
                .WithMany()
                .HasForeignKey("OrderId")
                .OnDelete(DeleteBehavior.Cascade)
                .IsRequired()
                .HasConstraintName("fk_order_requests_orders"));
    }
}
