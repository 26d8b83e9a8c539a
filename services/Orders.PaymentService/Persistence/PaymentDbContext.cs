using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Persistence;
using Orders.PaymentService.Gateway;

namespace Orders.PaymentService.Persistence;

/// <summary>
/// payment-service's database: <c>payments</c> (one row per order), the inherited <c>inbox</c> and
/// <c>outbox</c>, and <c>gateway_charges</c>, the simulated gateway's ledger. Migrations in
/// <c>Migrations/</c> are hand-written; change the mapping only together with a new migration and the snapshot.
/// </summary>
internal sealed class PaymentDbContext(DbContextOptions<PaymentDbContext> options) : MessagingDbContext(options)
{
    public const string MoneyColumnType = "numeric(14,2)";

    public DbSet<PaymentRecord> Payments => Set<PaymentRecord>();

    public DbSet<GatewayCharge> GatewayCharges => Set<GatewayCharge>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        modelBuilder.Entity<PaymentRecord>(payment =>
        {
            payment.ToTable("payments");
            payment.HasKey(p => p.OrderId).HasName("pk_payments");
            payment.Property(p => p.OrderId).HasColumnName("order_id");
            payment.Property(p => p.PaymentId).HasColumnName("payment_id");
            payment.Property(p => p.Status).HasColumnName("status").HasConversion<string>();
            payment.Property(p => p.Amount).HasColumnName("amount").HasColumnType(MoneyColumnType);
            payment.Property(p => p.Currency).HasColumnName("currency");
            payment.Property(p => p.CancelSeen).HasColumnName("cancel_seen");
            payment.Property(p => p.DeclineReason).HasColumnName("decline_reason");
            payment.Property(p => p.Version).HasColumnName("version");
            payment.Property(p => p.UpdatedAt).HasColumnName("updated_at");
            payment.HasVersionConcurrencyToken();
        });

        modelBuilder.Entity<GatewayCharge>(charge =>
        {
            charge.ToTable("gateway_charges");
            charge.HasKey(c => c.PaymentId).HasName("pk_gateway_charges");
            charge.Property(c => c.PaymentId).HasColumnName("payment_id");
            charge.Property(c => c.Amount).HasColumnName("amount").HasColumnType(MoneyColumnType);
            charge.Property(c => c.Currency).HasColumnName("currency");
            charge.Property(c => c.ChargedAt).HasColumnName("charged_at");
        });
    }
}
