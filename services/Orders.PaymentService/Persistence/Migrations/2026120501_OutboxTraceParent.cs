using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Orders.Messaging.Persistence;

namespace Orders.PaymentService.Persistence.Migrations;

/// <summary>
/// Messaging tables v2: <c>outbox.trace_parent</c>, so the relay publishes each event inside the
/// trace that produced it (docs/architecture.md, "Tracing"). Hand-written like the first one; never
/// edit it once applied, and keep <see cref="PaymentDbContextModelSnapshot"/> in step.
/// </summary>
[DbContext(typeof(PaymentDbContext))]
[Migration("2026120501_OutboxTraceParent")]
internal sealed class OutboxTraceParent : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddOutboxTraceParent();

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropOutboxTraceParent();
}
