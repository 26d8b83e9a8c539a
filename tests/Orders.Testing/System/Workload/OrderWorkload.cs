using System.Globalization;
using System.Text;
using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;

namespace Orders.Testing.SystemUnderTest.Workload;

/// <summary>
/// A seeded, reproducible mix of orders and bad messages (see <see cref="OrderScenario"/>): the same
/// options give the same orders, totals, duplicates and bad messages. It only plans; a
/// <see cref="WorkloadRunner"/> publishes it and reacts to the events.
/// </summary>
public sealed class OrderWorkload
{
    // Weights of the scenarios, in enum order: mostly the happy paths, every race represented.
    private static readonly (OrderScenario Scenario, int Weight)[] Mix =
    [
        (OrderScenario.Paid, 20),
        (OrderScenario.Delivered, 25),
        (OrderScenario.Shipped, 10),
        (OrderScenario.Declined, 15),
        (OrderScenario.CancelledRacingPayment, 10),
        (OrderScenario.CancelledAfterPaid, 10),
        (OrderScenario.StaleVersionThenShipped, 10),
    ];

    private OrderWorkload(WorkloadOptions options, IReadOnlyList<PlannedOrder> orders, IReadOnlyList<BadMessage> badMessages)
    {
        Options = options;
        Orders = orders;
        BadMessages = badMessages;
    }

    /// <summary>The options it was generated from.</summary>
    public WorkloadOptions Options { get; }

    /// <summary>The orders, in submit order.</summary>
    public IReadOnlyList<PlannedOrder> Orders { get; }

    /// <summary>The bad messages.</summary>
    public IReadOnlyList<BadMessage> BadMessages { get; }

    /// <summary>Plans a workload from <paramref name="options"/>.</summary>
    public static OrderWorkload Generate(WorkloadOptions? options = null)
    {
        options ??= new WorkloadOptions();
        var random = new Random(options.Seed);
        var run = random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var orders = new List<PlannedOrder>(options.Orders);
        for (var i = 0; i < options.Orders; i++)
        {
            var scenario = Pick(random);
            var orderId = $"o-{run}-{i:D4}";
            var submit = new SubmitOrder(orderId, $"c-{random.Next(1, 60)}", "USD", Items(random, declined: scenario == OrderScenario.Declined, options.DeclineAbove));
            orders.Add(new PlannedOrder(
                submit,
                scenario,
                DuplicateSubmit: random.NextDouble() < options.DuplicateSubmitShare,
                DuplicateUpdates: random.NextDouble() < options.DuplicateUpdateShare));
        }

        return new OrderWorkload(options, orders, BadMessagesFor(orders, options.BadMessages, random));
    }

    private static OrderScenario Pick(Random random)
    {
        var roll = random.Next(Mix.Sum(m => m.Weight));
        foreach (var (scenario, weight) in Mix)
        {
            if (roll < weight)
            {
                return scenario;
            }

            roll -= weight;
        }

        throw new InvalidOperationException("Unreachable: the roll is below the sum of the weights.");
    }

    private static List<OrderItem> Items(Random random, bool declined, decimal declineAbove)
    {
        var items = new List<OrderItem>();
        var lines = random.Next(1, 4);
        for (var line = 0; line < lines; line++)
        {
            items.Add(new OrderItem($"SKU-{random.Next(1, 200)}", random.Next(1, 4), Price(random, 1m, 99m)));
        }

        if (declined)
        {
            // One expensive line puts the total above the limit.
            items.Add(new OrderItem("SKU-LUXURY", 1, declineAbove + Price(random, 1m, 500m)));
        }

        return items;
    }

    private static decimal Price(Random random, decimal min, decimal max) =>
        Math.Round(min + ((max - min) * (decimal)random.NextDouble()), 2);

    /// <summary>Cycles through the kinds of bad message, so every kind is represented.</summary>
    private static List<BadMessage> BadMessagesFor(IReadOnlyList<PlannedOrder> orders, int count, Random random)
    {
        var bad = new List<BadMessage>(count);
        for (var i = 0; i < count; i++)
        {
            var target = orders[random.Next(orders.Count)];
            var id = $"bad-{i:D2}-{target.OrderId}";
            bad.Add((i % 8) switch
            {
                0 => new BadMessage(Subjects.Commands.SubmitOrder, Encoding.UTF8.GetBytes("{\"orderId\":\"" + id + "\",\"items\":["), "malformed JSON (truncated)"),
                1 => new BadMessage(Subjects.Commands.UpdateStatus, Encoding.UTF8.GetBytes("not json at all"), "malformed JSON (not JSON)"),
                2 => new BadMessage(
                    Subjects.Commands.SubmitOrder,
                    OrdersJson.Serialize(new SubmitOrder(id, "c-1", "USD", [new OrderItem("SKU-1", 0, 5m)])),
                    "invalid field (quantity 0)"),
                3 => new BadMessage(
                    Subjects.Commands.SubmitOrder,
                    OrdersJson.Serialize(new SubmitOrder(id, "c-1", "usd", [new OrderItem("SKU-1", 1, 5m)])),
                    "invalid field (currency usd)"),
                4 => new BadMessage(
                    Subjects.Commands.SubmitOrder,
                    Encoding.UTF8.GetBytes("{\"orderId\":\"has spaces " + i + "\",\"customerId\":\"c-1\",\"currency\":\"USD\",\"items\":[{\"sku\":\"S\",\"quantity\":1,\"unitPrice\":1.5}]}"),
                    "invalid field (orderId pattern)"),
                5 => new BadMessage(
                    Subjects.Commands.UpdateStatus,
                    Encoding.UTF8.GetBytes("{\"requestId\":\"" + id + "\",\"orderId\":\"" + target.OrderId + "\",\"status\":\"Teleported\"}"),
                    "unknown status Teleported"),
                6 => new BadMessage(
                    Subjects.Commands.UpdateStatus,
                    Encoding.UTF8.GetBytes("{\"requestId\":\"" + id + "\",\"orderId\":\"" + target.OrderId + "\",\"status\":\"Paid\"}"),
                    "status Paid is not settable"),
                _ => new BadMessage(
                    Subjects.Commands.SubmitOrder,
                    OrdersJson.Serialize(target.Submit with { Items = [.. target.Submit.Items, new OrderItem("SKU-EXTRA", 1, 1m)] }),
                    $"different content for existing order {target.OrderId}",
                    AfterCreatedOf: target.OrderId),
            });
        }

        return bad;
    }
}
