using System.Globalization;
using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;

namespace Orders.PushOrder.Workload;

/// <summary>
/// The seeded workload: valid orders with totals in the configured range (or above the decline
/// limit for the decline share), re-sent duplicates, and malformed commands spread evenly
/// through the run. The same options (seed and prefix included) always give the same commands,
/// byte for byte, so a failing run can be replayed.
/// </summary>
internal sealed class OrderGenerator
{
    private const int Customers = 50;
    private const int Skus = 200;
    private const int MaxQuantity = 3;

    private readonly WorkloadOptions _options;

    public OrderGenerator(WorkloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ItemsPerOrder, 1, nameof(options.ItemsPerOrder));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ItemsPerOrder, 100, nameof(options.ItemsPerOrder));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Amounts.Min, options.ItemsPerOrder * 0.01m, nameof(options.Amounts));
        _options = options;
    }

    /// <summary>The order id of the <paramref name="number"/>th order (1-based).</summary>
    public string OrderId(int number) => string.Create(CultureInfo.InvariantCulture, $"{_options.Prefix}-{number}");

    /// <summary>
    /// <paramref name="orders"/> orders, each possibly followed by its re-sent duplicate, with
    /// <paramref name="malformed"/> malformed commands interleaved evenly (all of them when there are no orders).
    /// </summary>
    public IEnumerable<OutgoingCommand> Commands(int orders, int malformed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(orders);
        ArgumentOutOfRangeException.ThrowIfNegative(malformed);
        var random = new Random(_options.Seed);
        var corpus = new MalformedCorpus(_options.Prefix, _options.Currency);
        var nextMalformed = 0;
        for (var i = 0; i < orders; i++)
        {
            // Malformed command k goes before order k * orders / malformed: evenly spread.
            while (nextMalformed < malformed && (long)nextMalformed * orders / malformed <= i)
            {
                yield return corpus.Command(nextMalformed++);
            }

            var declined = random.NextDouble() < _options.DeclineShare;
            var command = NextOrder(random, OrderId(i + 1), declined);
            var payload = OrdersJson.Serialize(command);
            yield return new OutgoingCommand(CommandKind.Order, Subjects.Commands.SubmitOrder, EventIds.ForSubmitOrder(command.OrderId), payload, command.OrderId, declined);

            if (random.NextDouble() < _options.DuplicateShare)
            {
                // Same content, new message id: JetStream stores it; order-service must recognise it.
                yield return new OutgoingCommand(CommandKind.Resend, Subjects.Commands.SubmitOrder, EventIds.ForSubmitOrder(command.OrderId) + ":dup", payload, command.OrderId, declined);
            }
        }

        while (nextMalformed < malformed)
        {
            yield return corpus.Command(nextMalformed++);
        }
    }

    private SubmitOrder NextOrder(Random random, string orderId, bool declined)
    {
        var customer = _options.Customer ?? string.Create(CultureInfo.InvariantCulture, $"c-{random.Next(1, Customers + 1)}");
        var (min, max) = declined
            ? (WorkloadOptions.DeclineLimit + 0.01m, WorkloadOptions.MaxDeclinedTotal)
            : (_options.Amounts.Min, Math.Min(_options.Amounts.Max, WorkloadOptions.DeclineLimit));
        var totalCents = random.NextInt64(ToCents(min), ToCents(max) + 1);
        return new SubmitOrder(orderId, customer, _options.Currency, SplitIntoItems(random, totalCents));
    }

    /// <summary>
    /// Lines whose quantity x unit price add up to exactly <paramref name="totalCents"/>: each line
    /// gets one cent plus a random share of the rest; the last line (quantity 1) takes what the
    /// rounding of the others left.
    /// </summary>
    private List<OrderItem> SplitIntoItems(Random random, long totalCents)
    {
        var lines = _options.ItemsPerOrder;
        var weights = new int[lines];
        var weightSum = 0;
        for (var i = 0; i < lines; i++)
        {
            weights[i] = random.Next(1, 101);
            weightSum += weights[i];
        }

        var spread = totalCents - lines;
        var items = new List<OrderItem>(lines);
        var used = 0L;
        for (var i = 0; i < lines - 1; i++)
        {
            var cents = 1 + spread * weights[i] / weightSum;
            var quantity = (int)Math.Min(random.Next(1, MaxQuantity + 1), cents);
            var unitCents = cents / quantity;
            items.Add(new OrderItem(Sku(random), quantity, FromCents(unitCents)));
            used += unitCents * quantity;
        }

        items.Add(new OrderItem(Sku(random), 1, FromCents(totalCents - used)));
        return items;
    }

    private static string Sku(Random random) => string.Create(CultureInfo.InvariantCulture, $"SKU-{random.Next(1, Skus + 1)}");

    private static long ToCents(decimal amount) => (long)(amount * 100m);

    private static decimal FromCents(long cents) => cents / 100m;
}
