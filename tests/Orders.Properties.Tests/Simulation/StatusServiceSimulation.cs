using Orders.Contracts;
using Orders.Properties.Tests.Wire;
using Orders.StatusService.Domain;

namespace Orders.Properties.Tests.Simulation;

/// <summary>
/// status-service as its <c>OrderViewActor</c> and the consumer pipeline use the
/// <see cref="StatusProjector"/>: Applied is stored with the event id in the inbox and acked;
/// AlreadyApplied and Unchanged are acked; Invalid is dead-lettered; a Gap is nak'ed and the message
/// comes again later (here: at the end of what is still to be delivered), and on the consumer's last
/// allowed delivery a gap is dead-lettered instead.
/// </summary>
internal sealed class StatusServiceSimulation
{
    /// <summary>The consumer's MaxDeliver (status-service's default, StatusServiceOptions).</summary>
    public const int MaxDeliver = 20;

    private readonly Dictionary<string, OrderView> _views = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inbox = new(StringComparer.Ordinal);
    private readonly List<string> _trace = [];

    public IReadOnlyDictionary<string, OrderView> Views => _views;

    public List<string> DeadLettered { get; } = [];

    public IReadOnlyList<string> Trace => _trace;

    /// <summary>Delivers the schedule, plus every redelivery that a nak asks for, until nothing is pending.</summary>
    public StatusServiceSimulation Run(IEnumerable<Delivery> schedule)
    {
        var pending = new Queue<(WireMessage Message, int Delivered)>(schedule.Select(d => (d.Message, 1)));
        while (pending.TryDequeue(out var next))
        {
            var (message, delivered) = next;
            var outcome = Handle(message, delivered);
            _trace.Add($"{message} (delivery {delivered}) -> {outcome}");
            if (outcome == Outcome.Nak)
            {
                pending.Enqueue((message, delivered + 1));
            }
        }

        return this;
    }

    private enum Outcome
    {
        Ack,
        Nak,
        DeadLetter,
    }

    private Outcome Handle(WireMessage message, int delivered)
    {
        var orderEvent = (IOrderEvent)message.Message;
        var view = _views.GetValueOrDefault(message.OrderId);
        switch (StatusProjector.Apply(view, orderEvent))
        {
            case ProjectionResult.Applied applied:
                // View row, history row and inbox row in one commit; an id already in the inbox is a duplicate.
                if (!_inbox.Add(message.MessageId))
                {
                    return Outcome.Ack;
                }

                _views[message.OrderId] = applied.View;
                return Outcome.Ack;

            case ProjectionResult.AlreadyApplied or ProjectionResult.Unchanged:
                return Outcome.Ack;

            case ProjectionResult.Gap when delivered >= MaxDeliver:
            case ProjectionResult.Invalid:
                DeadLettered.Add(message.MessageId);
                return Outcome.DeadLetter;

            case ProjectionResult.Gap:
                return Outcome.Nak;

            case var other:
                throw new InvalidOperationException($"Unexpected projection result {other}");
        }
    }

    /// <summary>A view as comparable text: every field and the whole history.</summary>
    public static string Describe(OrderView? view) => view is null
        ? "(no view)"
        : $"{view.OrderId} {view.Status} v{view.Version} {view.CustomerId} {view.Total} {view.Currency} {view.UpdatedAt:O} " +
          $"[{string.Join(", ", view.History.Select(h => $"v{h.Version} {h.Status} {h.OccurredAt:O}"))}]";
}
