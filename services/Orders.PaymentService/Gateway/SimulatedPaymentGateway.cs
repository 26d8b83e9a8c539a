using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.PaymentService.Domain;
using Orders.PaymentService.Payments;
using Orders.PaymentService.Persistence;

namespace Orders.PaymentService.Gateway;

/// <summary>
/// Stands in for a payment provider: takes <see cref="GatewayOptions.Latency"/> (with jitter), fails
/// transiently at <see cref="GatewayOptions.TransientFailureRate"/> (before taking any money, like a
/// refused connection), and otherwise records the charge in its ledger <c>gateway_charges</c>, keyed
/// by the idempotency key. A second charge with the same key finds the first row and answers with that
/// capture, so money is taken at most once per payment whatever the caller retries.
/// </summary>
internal sealed partial class SimulatedPaymentGateway(
    IDbContextFactory<PaymentDbContext> dbFactory,
    IOptions<PaymentOptions> options,
    TimeProvider timeProvider,
    ILogger<SimulatedPaymentGateway> logger) : IPaymentGateway
{
    private readonly GatewayOptions _options = options.Value.Gateway;
    private readonly Random _random = options.Value.Gateway.Seed is { } seed ? new Random(seed) : new Random();
    private readonly Lock _randomLock = new();

    public async ValueTask<GatewayOutcome> ChargeAsync(ChargeRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (latency, fails) = NextCall();

        // The provider's response time: part of the simulation, not synchronisation.
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, timeProvider, ct).ConfigureAwait(false);
        }

        if (fails)
        {
            LogTransientFailure(request.PaymentId, request.OrderId);
            return new GatewayOutcome.TransientFailure("simulated transient gateway failure");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var chargedAt = timeProvider.GetUtcNow();

        // The key decides, atomically: the first charge inserts, any later one finds the row.
        var inserted = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO gateway_charges (payment_id, amount, currency, charged_at)
            VALUES ({request.PaymentId}, {request.Amount}, {request.Currency}, {chargedAt})
            ON CONFLICT (payment_id) DO NOTHING
            """,
            ct).ConfigureAwait(false);

        if (inserted == 1)
        {
            LogCharged(request.PaymentId, request.OrderId, request.Amount, request.Currency);
        }
        else
        {
            LogReplayed(request.PaymentId, request.OrderId);
        }

        return GatewayOutcome.Captured.Instance;
    }

    private (TimeSpan Latency, bool Fails) NextCall()
    {
        lock (_randomLock)
        {
            var jitter = _options.Jitter * ((_random.NextDouble() * 2) - 1);
            var latency = _options.Latency + jitter;
            var fails = _options.TransientFailureRate > 0 && _random.NextDouble() < _options.TransientFailureRate;
            return (latency > TimeSpan.Zero ? latency : TimeSpan.Zero, fails);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway charged {PaymentId} of order {OrderId}: {Amount} {Currency}")]
    private partial void LogCharged(string paymentId, string orderId, decimal amount, string currency);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway already charged {PaymentId} of order {OrderId}; returning that capture")]
    private partial void LogReplayed(string paymentId, string orderId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway failed transiently for {PaymentId} of order {OrderId} (simulated)")]
    private partial void LogTransientFailure(string paymentId, string orderId);
}
