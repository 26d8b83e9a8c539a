using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orders.PaymentService.Domain;
using Orders.PaymentService.Gateway;
using Orders.PaymentService.Payments;
using Orders.PaymentService.Persistence;
using Orders.PaymentService.Tests.Support;
using Orders.Testing;

namespace Orders.PaymentService.Tests.Gateway;

/// <summary>The gateway's promises the payment rules rely on, against a real PostgreSQL.</summary>
[Collection(PaymentServiceCollection.Name)]
public sealed class SimulatedPaymentGatewayTests(PostgresFixture postgres)
{
    private static readonly ChargeRequest Request = new("pay-o-1", "o-1", 39.98m, "USD");

    [Fact]
    public async Task ChargeAsync_SameKeyConcurrently_TakesTheMoneyOnceAndCapturesForEveryCaller()
    {
        var (factory, connectionString) = await CreateDatabaseAsync();
        var gateway = CreateGateway(factory, new GatewayOptions { Latency = TimeSpan.Zero, Jitter = TimeSpan.Zero });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => gateway.ChargeAsync(Request, CancellationToken.None).AsTask()));

        Assert.All(outcomes, outcome => Assert.Same(GatewayOutcome.Captured.Instance, outcome));
        Assert.Equal(1L, await CountChargesAsync(connectionString));
    }

    [Fact]
    public async Task ChargeAsync_TransientFailure_TakesNoMoney()
    {
        var (factory, connectionString) = await CreateDatabaseAsync();
        var gateway = CreateGateway(factory, new GatewayOptions { Latency = TimeSpan.Zero, Jitter = TimeSpan.Zero, TransientFailureRate = 1 });

        var outcome = await gateway.ChargeAsync(Request, CancellationToken.None);

        Assert.IsType<GatewayOutcome.TransientFailure>(outcome);
        Assert.Equal(0L, await CountChargesAsync(connectionString));
    }

    [Fact]
    public async Task Migrations_Applied_MatchTheModel()
    {
        var (factory, _) = await CreateDatabaseAsync();
        await using var db = await factory.CreateDbContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "the mapping changed without a migration and snapshot update");
    }

    private async Task<(IDbContextFactory<PaymentDbContext> Factory, string ConnectionString)> CreateDatabaseAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync("gateway", ownerRole: "payment_service");
        var factory = new PooledDbContextFactory<PaymentDbContext>(
            new DbContextOptionsBuilder<PaymentDbContext>().UseNpgsql(connectionString).Options);
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        return (factory, connectionString);
    }

    private static SimulatedPaymentGateway CreateGateway(IDbContextFactory<PaymentDbContext> factory, GatewayOptions options) => new(
        factory,
        Options.Create(new PaymentOptions { Gateway = options with { Seed = 1 } }),
        TimeProvider.System,
        NullLogger<SimulatedPaymentGateway>.Instance);

    private static async Task<long> CountChargesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM gateway_charges", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
