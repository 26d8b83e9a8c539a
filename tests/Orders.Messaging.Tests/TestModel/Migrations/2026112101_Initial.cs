using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Orders.Messaging.Persistence;

namespace Orders.Messaging.Tests.TestModel.Migrations;

/// <summary>
/// Hand-written first migration (EF Core's design-time tools are not available): the id in
/// <see cref="MigrationAttribute"/> orders migrations and is what <c>__EFMigrationsHistory</c> records.
/// Never edit a migration once applied anywhere; add the next one.
/// </summary>
[DbContext(typeof(TestDbContext))]
[Migration("2026112101_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateInboxAndOutbox();
        migrationBuilder.CreateTable(
            name: "parcels",
            columns: table => new
            {
                id = table.Column<string>(type: "text", nullable: false),
                status = table.Column<string>(type: "text", nullable: false),
                version = table.Column<long>(type: "bigint", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_parcels", row => row.id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "parcels");
        migrationBuilder.DropInboxAndOutbox();
    }
}
