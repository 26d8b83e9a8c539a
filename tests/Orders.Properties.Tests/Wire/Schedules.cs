namespace Orders.Properties.Tests.Wire;

/// <summary>Generates delivery schedules for a list of messages, and shrinks them.</summary>
internal static class Schedules
{
    /// <summary>
    /// Any order at all: every message once, some of them up to twice more, then shuffled by one of
    /// several shapes (fully shuffled, nearly in order, reversed), so both wild and mild reorderings occur.
    /// </summary>
    public static List<Delivery> AnyOrder(Random random, IReadOnlyList<WireMessage> inOrder, Func<Random, Delivery, Delivery>? decorate = null)
    {
        var steps = WithCopies(random, inOrder).Select(m => new Delivery(m)).ToList();
        switch (random.Next(3))
        {
            case 0:
                random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(steps));
                break;
            case 1 when steps.Count > 1:
                for (var swaps = random.Next(steps.Count * 2); swaps > 0; swaps--)
                {
                    var i = random.Next(steps.Count - 1);
                    (steps[i], steps[i + 1]) = (steps[i + 1], steps[i]);
                }

                break;
            case 2:
                steps.Reverse();
                break;
        }

        return decorate is null ? steps : steps.Select(step => decorate(random, step)).ToList();
    }

    /// <summary>
    /// Causal per order: each order's first deliveries keep their in-order sequence (a payment event
    /// is never seen before the order it pays, an update sent after seeing Paid comes after the
    /// payment), orders interleave at random, and duplicates and redeliveries of any message come at
    /// any point after its first delivery.
    /// </summary>
    public static List<Delivery> CausalPerOrder(Random random, IReadOnlyList<WireMessage> inOrder)
    {
        var queues = inOrder.GroupBy(m => m.OrderId).Select(g => new Queue<WireMessage>(g)).ToList();
        var steps = new List<Delivery>();
        while (queues.Count > 0)
        {
            var pick = random.Next(queues.Count);
            steps.Add(new Delivery(queues[pick].Dequeue()));
            if (queues[pick].Count == 0)
            {
                queues.RemoveAt(pick);
            }
        }

        foreach (var message in inOrder)
        {
            for (var copies = ExtraCopies(random); copies > 0; copies--)
            {
                var first = steps.FindIndex(d => d.Message == message);
                steps.Insert(random.Next(first + 1, steps.Count + 1), new Delivery(message));
            }
        }

        return steps;
    }

    /// <summary>True when every message of the case is delivered at least once.</summary>
    public static bool DeliversEveryMessage(ScheduleCase c)
    {
        var delivered = c.Schedule.Select(d => d.Message).ToHashSet();
        return c.InOrder.All(delivered.Contains);
    }

    /// <summary>True when, within each order, first deliveries keep the in-order sequence.</summary>
    public static bool KeepsCausalOrder(ScheduleCase c) =>
        c.Schedule.Select(d => d.Message).Distinct().GroupBy(m => m.OrderId)
            .All(order => order.Select(m => m.Sequence).SequenceEqual(order.Select(m => m.Sequence).Order()));

    /// <summary>
    /// Smaller variants, biggest cuts first: drop a whole order, drop a message that
    /// <paramref name="canDrop"/> allows (as if it had never been published), drop a repeated
    /// delivery, clear a fault or an overlap, swap two neighbours that are out of in-order sequence.
    /// Only variants <paramref name="isValid"/> accepts are offered.
    /// </summary>
    public static IEnumerable<ScheduleCase> Shrink(ScheduleCase c, Func<ScheduleCase, bool> isValid, Func<WireMessage, bool> canDrop) =>
        ShrinkAll(c, canDrop).Where(isValid);

    private static IEnumerable<ScheduleCase> ShrinkAll(ScheduleCase c, Func<WireMessage, bool> canDrop)
    {
        var orders = c.OrderIds.ToList();
        if (orders.Count > 1)
        {
            foreach (var orderId in orders)
            {
                yield return c.WithoutOrder(orderId);
            }
        }

        foreach (var message in c.InOrder.Where(canDrop))
        {
            yield return c.WithoutMessage(message);
        }

        for (var i = 0; i < c.Schedule.Count; i++)
        {
            var message = c.Schedule[i].Message;
            if (c.Schedule.Count(d => d.Message == message) > 1)
            {
                yield return c with { Schedule = c.Schedule.Where((_, j) => j != i).ToList() };
            }
        }

        for (var i = 0; i < c.Schedule.Count; i++)
        {
            if (c.Schedule[i] is { Fault: not Fault.None } or { Overlap: > 0 })
            {
                var simpler = c.Schedule[i] with { Fault = Fault.None, Overlap = 0 };
                yield return c with { Schedule = Replace(c.Schedule, i, simpler) };
            }
        }

        for (var i = 0; i + 1 < c.Schedule.Count; i++)
        {
            if (c.Schedule[i].Message.Sequence > c.Schedule[i + 1].Message.Sequence)
            {
                var swapped = c.Schedule.ToList();
                (swapped[i], swapped[i + 1]) = (swapped[i + 1], swapped[i]);
                yield return c with { Schedule = swapped };
            }
        }
    }

    private static List<Delivery> Replace(IReadOnlyList<Delivery> schedule, int index, Delivery step)
    {
        var copy = schedule.ToList();
        copy[index] = step;
        return copy;
    }

    private static IEnumerable<WireMessage> WithCopies(Random random, IReadOnlyList<WireMessage> inOrder)
    {
        foreach (var message in inOrder)
        {
            yield return message;
            for (var copies = ExtraCopies(random); copies > 0; copies--)
            {
                yield return message;
            }
        }
    }

    // Most messages once, about a third again, a few three times.
    private static int ExtraCopies(Random random) => random.Next(10) switch
    {
        < 6 => 0,
        < 9 => 1,
        _ => 2,
    };
}
