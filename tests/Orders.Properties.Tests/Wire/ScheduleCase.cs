using System.Text;

namespace Orders.Properties.Tests.Wire;

/// <summary>
/// A generated case: the messages in in-order delivery (<see cref="InOrder"/>) and one schedule of
/// deliveries of those same messages, with duplicates, reordering and redeliveries.
/// </summary>
/// <param name="Seed">The seed it was generated from.</param>
internal sealed record ScheduleCase(int Seed, IReadOnlyList<WireMessage> InOrder, IReadOnlyList<Delivery> Schedule)
{
    /// <summary>The orders the case is about, in order of first appearance.</summary>
    public IEnumerable<string> OrderIds => InOrder.Select(m => m.OrderId).Distinct();

    /// <summary>The case without everything of <paramref name="orderId"/> (orders are independent).</summary>
    public ScheduleCase WithoutOrder(string orderId) => this with
    {
        InOrder = InOrder.Where(m => m.OrderId != orderId).ToList(),
        Schedule = Schedule.Where(d => d.Message.OrderId != orderId).ToList(),
    };

    /// <summary>The case as if <paramref name="message"/> had never been published.</summary>
    public ScheduleCase WithoutMessage(WireMessage message) => this with
    {
        InOrder = InOrder.Where(m => m != message).ToList(),
        Schedule = Schedule.Where(d => d.Message != message).ToList(),
    };

    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine("  in order:");
        foreach (var message in InOrder)
        {
            text.AppendLine($"    {message}");
        }

        text.AppendLine("  schedule:");
        for (var i = 0; i < Schedule.Count; i++)
        {
            text.AppendLine($"    {i + 1,3}. {Schedule[i]}");
        }

        return text.ToString();
    }
}
