using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Orders.Messaging.Persistence;

namespace Orders.OrderService.Persistence.Migrations;

/// <summary>
/// First schema of order-service, written by hand (EF Core's design-time tools are not
/// available). Never edit it once applied anywhere; add the next migration and update
/// <see cref="OrdersDbContextModelSnapshot"/> with it.
/// </summary>
[DbContext(typeof(OrdersDbContext))]
[Migration("2026112101_Initial")]
internal sealed class Initial : Migration
{
    private const string Text = "text";
    private const string Timestamp = "timestamp with time zone";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateInboxAndOutbox();

        migrationBuilder.CreateTable(
            name: "orders",
            columns: table => new
            {
                order_id = table.Column<string>(type: Text, nullable: false),
                customer_id = table.Column<string>(type: Text, nullable: false),
                currency = table.Column<string>(type: Text, nullable: false),
                items = table.Column<string>(type: "jsonb", nullable: false),
                total = table.Column<decimal>(type: "numeric(12,2)", nullable: false),
                status = table.Column<string>(type: Text, nullable: false),
                version = table.Column<long>(type: "bigint", nullable: false),
                content_fingerprint = table.Column<string>(type: Text, nullable: false),
                payment_id = table.Column<string>(type: Text, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: Timestamp, nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: Timestamp, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_orders", row => row.order_id));

        migrationBuilder.CreateTable(
            name: "order_requests",
            columns: table => new
            {
                order_id = table.Column<string>(type: Text, nullable: false),
                request_id = table.Column<string>(type: Text, nullable: false),
                outcome = table.Column<string>(type: Text, nullable: false),
                handled_at = table.Column<DateTimeOffset>(type: Timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_order_requests", row => new { row.order_id, row.request_id });
                table.ForeignKey(
                    name: "fk_order_requests_orders",
                    column: row => row.order_id,
                    principalTable: "orders",
                    principalColumn: "order_id",
                    onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "order_requests");
        migrationBuilder.DropTable(name: "orders");
        migrationBuilder.DropInboxAndOutbox();
    }
}
