using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Persistence;

namespace Orders.Messaging.Tests.TestModel;

/// <summary>A service DbContext in miniature: its own table plus the inherited inbox and outbox.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : MessagingDbContext(options)
{
    public DbSet<Parcel> Parcels => Set<Parcel>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Parcel>(parcel =>
        {
            parcel.ToTable("parcels");
            parcel.HasKey(p => p.Id).HasName("pk_parcels");
            parcel.Property(p => p.Id).HasColumnName("id");
            parcel.Property(p => p.Status).HasColumnName("status");
            parcel.Property(p => p.Version).HasColumnName("version");
            parcel.HasVersionConcurrencyToken();
        });
    }
}
