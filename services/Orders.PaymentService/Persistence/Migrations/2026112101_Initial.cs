using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Orders.Messaging.Persistence;

namespace Orders.PaymentService.Persistence.Migrations;

/// <summary>
/// The first schema, hand-written (EF Core's design-time tools are not available). Never edit it
/// once applied anywhere; add the next migration and update <see cref="PaymentDbContextModelSnapshot"/>.
/// </summary>
[DbContext(typeof(PaymentDbContext))]
[Migration("2026112101_Initial")]
internal sealed class Initial : Migration
{
    private const string Money = "numeric(14,2)";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateInboxAndOutbox();

        migrationBuilder.CreateTable(
            name: "payments",
            columns: table => new
            {
                order_id = table.Column<string>(type: "text", nullable: false),
                payment_id = table.Column<string>(type: "text", nullable: false),
                status = table.Column<string>(type: "text", nullable: false),
                amount = table.Column<decimal>(type: Money, nullable: true),
                currency = table.Column<string>(type: "text", nullable: true),
                cancel_seen = table.Column<bool>(type: "boolean", nullable: false),
                decline_reason = table.Column<string>(type: "text", nullable: true),
                version = table.Column<long>(type: "bigint", nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_payments", row => row.order_id));

        migrationBuilder.CreateTable(
            name: "gateway_charges",
            columns: table => new
            {
                payment_id = table.Column<string>(type: "text", nullable: false),
                amount = table.Column<decimal>(type: Money, nullable: false),
                currency = table.Column<string>(type: "text", nullable: false),
                charged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_gateway_charges", row => row.payment_id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "gateway_charges");
        migrationBuilder.DropTable(name: "payments");
        migrationBuilder.DropInboxAndOutbox();
    }
}
