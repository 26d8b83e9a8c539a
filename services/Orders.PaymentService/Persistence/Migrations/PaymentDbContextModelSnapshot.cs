using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Orders.Messaging.Persistence;

namespace Orders.PaymentService.Persistence.Migrations;

/// <summary>
/// The model as of the latest migration, in the form <c>dotnet ef</c> would generate. MigrateAsync
/// compares it with the live model and refuses to run when they differ, so a mapping change without
/// a migration fails at start-up. Update it together with each new migration.
/// </summary>
[DbContext(typeof(PaymentDbContext))]
internal sealed class PaymentDbContextModelSnapshot : ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder.HasAnnotation("Relational:MaxIdentifierLength", 63);
        modelBuilder.UseIdentityByDefaultColumns();
        modelBuilder.HasInboxAndOutboxV2();

        modelBuilder.Entity("Orders.PaymentService.Persistence.PaymentRecord", payment =>
        {
            payment.Property<string>("OrderId").HasColumnType("text").HasColumnName("order_id");
            payment.Property<string>("PaymentId").IsRequired().HasColumnType("text").HasColumnName("payment_id");
            payment.Property<string>("Status").IsRequired().HasColumnType("text").HasColumnName("status");
            payment.Property<decimal?>("Amount").HasColumnType("numeric(14,2)").HasColumnName("amount");
            payment.Property<string>("Currency").HasColumnType("text").HasColumnName("currency");
            payment.Property<bool>("CancelSeen").HasColumnType("boolean").HasColumnName("cancel_seen");
            payment.Property<string>("DeclineReason").HasColumnType("text").HasColumnName("decline_reason");
            payment.Property<long>("Version").IsConcurrencyToken().HasColumnType("bigint").HasColumnName("version");
            payment.Property<DateTimeOffset>("UpdatedAt").HasColumnType("timestamp with time zone").HasColumnName("updated_at");
            payment.HasKey("OrderId").HasName("pk_payments");
            payment.ToTable("payments");
        });

        modelBuilder.Entity("Orders.PaymentService.Gateway.GatewayCharge", charge =>
        {
            charge.Property<string>("PaymentId").HasColumnType("text").HasColumnName("payment_id");
            charge.Property<decimal>("Amount").HasColumnType("numeric(14,2)").HasColumnName("amount");
            charge.Property<string>("Currency").IsRequired().HasColumnType("text").HasColumnName("currency");
            charge.Property<DateTimeOffset>("ChargedAt").HasColumnType("timestamp with time zone").HasColumnName("charged_at");
            charge.HasKey("PaymentId").HasName("pk_gateway_charges");
            charge.ToTable("gateway_charges");
        });
    }
}
