using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Orders.Messaging.Persistence;

namespace Orders.StatusService.Persistence.Migrations;

/// <summary>
/// The first schema of status-service, written by hand (EF Core's design-time tools are not
/// available). Never edit it once applied anywhere; add the next migration and update
/// <see cref="StatusDbContextModelSnapshot"/>.
/// </summary>
[DbContext(typeof(StatusDbContext))]
[Migration("2026112101_Initial")]
internal sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateInboxAndOutbox();

        migrationBuilder.CreateTable(
            name: "order_views",
            columns: table => new
            {
                order_id = table.Column<string>(type: "text", nullable: false),
                status = table.Column<string>(type: "text", nullable: false),
                version = table.Column<int>(type: "integer", nullable: false),
                customer_id = table.Column<string>(type: "text", nullable: false),
                total = table.Column<decimal>(type: "numeric(18,2)", nullable: false),
                currency = table.Column<string>(type: "text", nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_order_views", row => row.order_id));
        migrationBuilder.CreateIndex(
            name: "ix_order_views_status_updated_at",
            table: "order_views",
            columns: ["status", "updated_at"],
            descending: [false, true]);
        migrationBuilder.CreateIndex(
            name: "ix_order_views_updated_at",
            table: "order_views",
            column: "updated_at",
            descending: [true]);

        migrationBuilder.CreateTable(
            name: "order_history",
            columns: table => new
            {
                order_id = table.Column<string>(type: "text", nullable: false),
                version = table.Column<int>(type: "integer", nullable: false),
                status = table.Column<string>(type: "text", nullable: false),
                occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_order_history", row => new { row.order_id, row.version });
                table.ForeignKey(
                    name: "fk_order_history_order_views_order_id",
                    column: row => row.order_id,
                    principalTable: "order_views",
                    principalColumn: "order_id",
                    onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "order_history");
        migrationBuilder.DropTable(name: "order_views");
        migrationBuilder.DropInboxAndOutbox();
    }
}
