using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Orders.Messaging.Persistence;

namespace Orders.StatusService.Persistence.Migrations;

/// <summary>
/// The model as of the latest migration, by hand in the form <c>dotnet ef</c> would generate
/// (converted properties appear with their store CLR type). <c>MigrateAsync</c> refuses to run when
/// it differs from the live model, so a mapping change without a migration fails fast.
/// </summary>
[DbContext(typeof(StatusDbContext))]
internal sealed class StatusDbContextModelSnapshot : ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder.HasAnnotation("Relational:MaxIdentifierLength", 63);
        modelBuilder.UseIdentityByDefaultColumns();
        modelBuilder.HasInboxAndOutboxV2();

        modelBuilder.Entity("Orders.StatusService.Persistence.OrderViewRow", view =>
        {
            view.Property<string>("OrderId").HasColumnType("text").HasColumnName("order_id");
            view.Property<string>("Status").IsRequired().HasColumnType("text").HasColumnName("status");
            view.Property<int>("Version").IsConcurrencyToken().HasColumnType("integer").HasColumnName("version");
            view.Property<string>("CustomerId").IsRequired().HasColumnType("text").HasColumnName("customer_id");
            view.Property<decimal>("Total").HasColumnType("numeric(18,2)").HasColumnName("total");
            view.Property<string>("Currency").IsRequired().HasColumnType("text").HasColumnName("currency");
            view.Property<DateTimeOffset>("UpdatedAt").HasColumnType("timestamp with time zone").HasColumnName("updated_at");
            view.HasKey("OrderId").HasName("pk_order_views");
            view.HasIndex("UpdatedAt").IsDescending().HasDatabaseName("ix_order_views_updated_at");
            view.HasIndex("Status", "UpdatedAt").IsDescending(false, true).HasDatabaseName("ix_order_views_status_updated_at");
            view.ToTable("order_views");
        });

        modelBuilder.Entity("Orders.StatusService.Persistence.OrderHistoryRow", history =>
        {
            history.Property<string>("OrderId").HasColumnType("text").HasColumnName("order_id");
            history.Property<int>("Version").HasColumnType("integer").HasColumnName("version");
            history.Property<string>("Status").IsRequired().HasColumnType("text").HasColumnName("status");
            history.Property<DateTimeOffset>("OccurredAt").HasColumnType("timestamp with time zone").HasColumnName("occurred_at");
            history.HasKey("OrderId", "Version").HasName("pk_order_history");
            history.ToTable("order_history");
        });

        modelBuilder.Entity("Orders.StatusService.Persistence.OrderHistoryRow", history =>
        {
            history.HasOne("Orders.StatusService.Persistence.OrderViewRow", null)
                .WithMany()
                .HasForeignKey("OrderId")
                .OnDelete(DeleteBehavior.Cascade)
                .IsRequired()
                .HasConstraintName("fk_order_history_order_views_order_id");
        });
    }
}
