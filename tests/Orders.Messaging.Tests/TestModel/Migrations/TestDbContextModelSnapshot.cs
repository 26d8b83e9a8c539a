using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Orders.Messaging.Persistence;

namespace Orders.Messaging.Tests.TestModel.Migrations;

/// <summary>
/// The model as of the latest migration, written by hand in the form <c>dotnet ef</c> would
/// generate. <c>MigrateAsync</c> compares it with the live model and refuses to run when they
/// differ, so a mapping change without a migration fails fast. Update it together with each new
/// migration.
/// </summary>
[DbContext(typeof(TestDbContext))]
public sealed class TestDbContextModelSnapshot : ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder.HasAnnotation("Relational:MaxIdentifierLength", 63);
        modelBuilder.UseIdentityByDefaultColumns();
        modelBuilder.HasInboxAndOutboxV2();

        modelBuilder.Entity("Orders.Messaging.Tests.TestModel.Parcel", parcel =>
        {
            parcel.Property<string>("Id").HasColumnType("text").HasColumnName("id");
            parcel.Property<string>("Status").IsRequired().HasColumnType("text").HasColumnName("status");
            parcel.Property<long>("Version").IsConcurrencyToken().HasColumnType("bigint").HasColumnName("version");
            parcel.HasKey("Id").HasName("pk_parcels");
            parcel.ToTable("parcels");
        });
    }
}
