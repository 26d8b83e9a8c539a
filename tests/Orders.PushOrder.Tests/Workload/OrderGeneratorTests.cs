using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Validation;
using Orders.PushOrder.Workload;

namespace Orders.PushOrder.Tests.Workload;

public sealed class OrderGeneratorTests
{
    private static readonly WorkloadOptions Options = new() { Prefix = "o-test", Seed = 42, DeclineShare = 0.3, DuplicateShare = 0.2, ItemsPerOrder = 3 };

    [Fact]
    public void Commands_SameSeedAndPrefix_AreByteIdentical()
    {
        var first = new OrderGenerator(Options).Commands(50, 5).ToList();
        var second = new OrderGenerator(Options).Commands(50, 5).ToList();

        Assert.Equal(first.Select(Describe), second.Select(Describe));
    }

    [Fact]
    public void Commands_OtherSeed_DiffersInContent()
    {
        var first = new OrderGenerator(Options).Commands(20, 0).Select(Describe).ToList();
        var other = new OrderGenerator(Options with { Seed = 43 }).Commands(20, 0).Select(Describe).ToList();

        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Commands_Orders_AreValidWithTotalsInRangeOrAboveTheDeclineLimit()
    {
        var options = Options with { Amounts = new AmountRange(10m, 500m) };

        var orders = new OrderGenerator(options).Commands(300, 0).Where(c => c.Kind == CommandKind.Order).ToList();

        Assert.All(orders, command =>
        {
            Assert.True(OrdersJson.TryDeserialize<SubmitOrder>(command.Payload.Span, out var order, out var error), error);
            Assert.Empty(CommandValidator.Validate(order));
            Assert.Equal(3, order.Items.Count);
            var total = Money.Total(order.Items);
            if (command.AboveDeclineLimit)
            {
                Assert.InRange(total, 1000.01m, WorkloadOptions.MaxDeclinedTotal);
            }
            else
            {
                Assert.InRange(total, 10m, 500m);
            }
        });
    }

    [Fact]
    public void Commands_DeclineShare_IsRoughlyThatShareOfOrders()
    {
        var orders = new OrderGenerator(Options).Commands(1000, 0).Where(c => c.Kind == CommandKind.Order).ToList();

        Assert.InRange(orders.Count(o => o.AboveDeclineLimit), 240, 360);
    }

    [Fact]
    public void Commands_Resend_FollowsItsOrderWithSamePayloadAndDupMsgId()
    {
        var commands = new OrderGenerator(Options).Commands(100, 0).ToList();

        var resends = commands.Select((c, i) => (c, i)).Where(x => x.c.Kind == CommandKind.Resend).ToList();
        Assert.NotEmpty(resends);
        Assert.All(resends, x =>
        {
            var original = commands[x.i - 1];
            Assert.Equal(original.OrderId, x.c.OrderId);
            Assert.Equal(original.Payload.ToArray(), x.c.Payload.ToArray());
            Assert.Equal($"submit-order:{original.OrderId}", original.MsgId);
            Assert.Equal($"submit-order:{original.OrderId}:dup", x.c.MsgId);
        });
    }

    [Fact]
    public void Commands_Bad_AreAllRefusedByTheContract()
    {
        var malformed = new OrderGenerator(Options).Commands(10, MalformedCorpus.KindCount).Where(c => c.Kind == CommandKind.Malformed).ToList();

        Assert.Equal(MalformedCorpus.KindCount, malformed.Count);
        Assert.Equal(malformed.Count, malformed.Select(m => m.MsgId).Distinct().Count());
        Assert.All(malformed, command => Assert.False(IsAcceptable(command), $"'{command.Description}' would be accepted"));
    }

    [Fact]
    public void Commands_Bad_AreSpreadThroughTheRun()
    {
        var commands = new OrderGenerator(Options with { DuplicateShare = 0 }).Commands(100, 4).ToList();

        var positions = commands.Select((c, i) => (c, i)).Where(x => x.c.Kind == CommandKind.Malformed).Select(x => x.i).ToList();
        Assert.Equal([0, 26, 52, 78], positions);
    }

    private static bool IsAcceptable(OutgoingCommand command) => command.Subject switch
    {
        "commands.submit-order" => OrdersJson.TryDeserialize<SubmitOrder>(command.Payload.Span, out var order, out _) && CommandValidator.Validate(order).Count == 0,
        _ => OrdersJson.TryDeserialize<Contracts.UpdateStatus>(command.Payload.Span, out var update, out _) && CommandValidator.Validate(update).Count == 0,
    };

    private static string Describe(OutgoingCommand command) =>
        $"{command.Kind} {command.Subject} {command.MsgId} {System.Text.Encoding.UTF8.GetString(command.Payload.Span)}";
}
