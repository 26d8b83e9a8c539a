using Orders.Contracts;
using Orders.Contracts.Messaging;

namespace Orders.Testing.SystemUnderTest;

/// <summary>
/// The guarantees of docs/contract.md checked on a quiet system, from the outside: the four streams read
/// completely and the three databases. Each check reports how much it looked at and its first
/// violations; none stops at the first problem, so one report shows everything that went wrong.
/// </summary>
public static class SystemInvariants
{
    /// <summary>Violations listed per invariant (the count is always complete).</summary>
    public const int ExamplesPerInvariant = 5;

    /// <summary>Reads a <see cref="SystemSnapshot"/> of <paramref name="system"/> and checks it.</summary>
    public static async Task<InvariantReport> CheckAsync(OrdersSystem system, SystemExpectations expectations, CancellationToken ct = default)
    {
        var snapshot = await SystemSnapshot.CaptureAsync(system, ct).ConfigureAwait(false);
        return Check(snapshot, expectations);
    }

    /// <summary>Checks every invariant on <paramref name="snapshot"/>.</summary>
    public static InvariantReport Check(SystemSnapshot snapshot, SystemExpectations expectations)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(expectations);
        return new InvariantReport(
        [
            FinalStates(snapshot, expectations),
            VersionsAreContiguous(snapshot),
            OneCapturePerOrder(snapshot),
            CancelledOrdersNetZero(snapshot),
            ReadModelMatches(snapshot),
            BadMessagesDeadLettered(snapshot, expectations),
            OutboxesEmpty(snapshot),
        ]);
    }

    /// <summary>Every expected order exists in order-service with one of its allowed final statuses.</summary>
    public static InvariantResult FinalStates(SystemSnapshot snapshot, SystemExpectations expectations)
    {
        var rows = snapshot.Orders.ToDictionary(o => o.OrderId, StringComparer.Ordinal);
        var violations = new Violations();
        foreach (var (orderId, allowed) in expectations.FinalStatus.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!rows.TryGetValue(orderId, out var row))
            {
                violations.Add($"{orderId}: no order row (expected {Describe(allowed)})");
            }
            else if (!Enum.TryParse<OrderStatus>(row.Status, out var status) || !allowed.Contains(status))
            {
                violations.Add($"{orderId}: {row.Status} v{row.Version}, expected {Describe(allowed)}");
            }
        }

        return violations.Result("final states as expected", expectations.FinalStatus.Count);
    }

    /// <summary>
    /// Each order's versioned events in ORDERS carry versions 1..n exactly once (no gap, no
    /// duplicate), and n is the version order-service stored.
    /// </summary>
    public static InvariantResult VersionsAreContiguous(SystemSnapshot snapshot)
    {
        var stored = snapshot.Orders.ToDictionary(o => o.OrderId, o => o.Version, StringComparer.Ordinal);
        var violations = new Violations();
        var versioned = snapshot.OrderEvents.Where(e => e.Subject != Subjects.Orders.UpdateRejected).ToList();
        foreach (var unreadable in versioned.Where(e => e.OrderId is null || e.Version is null))
        {
            violations.Add($"ORDERS #{unreadable.Sequence} {unreadable.Subject}: no orderId or version");
        }

        var byOrder = versioned.Where(e => e.OrderId is not null && e.Version is not null).GroupBy(e => e.OrderId!, StringComparer.Ordinal).ToList();
        foreach (var order in byOrder.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var versions = order.Select(e => e.Version!.Value).Order().ToList();
            var expected = Enumerable.Range(1, versions.Count).Select(v => (long)v);
            if (!versions.SequenceEqual(expected))
            {
                violations.Add($"{order.Key}: versions [{string.Join(",", versions)}] ({string.Join(", ", order.OrderBy(e => e.Sequence).Select(e => $"#{e.Sequence} {Subjects.LastToken(e.Subject)} v{e.Version}"))})");
            }
            else if (stored.TryGetValue(order.Key, out var version) && version != versions.Count)
            {
                violations.Add($"{order.Key}: {versions.Count} events in ORDERS but order-service stores version {version}");
            }
        }

        foreach (var (orderId, version) in stored.Where(s => byOrder.All(g => g.Key != s.Key)))
        {
            violations.Add($"{orderId}: stored at version {version} but has no event in ORDERS");
        }

        return violations.Result("order versions 1..n exactly once", byOrder.Count);
    }

    /// <summary>
    /// At most one <c>payments.captured</c> and at most one gateway charge per order, and no money
    /// taken without a capture event saying so.
    /// </summary>
    public static InvariantResult OneCapturePerOrder(SystemSnapshot snapshot)
    {
        var violations = new Violations();
        var captures = snapshot.PaymentEvents.Where(e => e.Subject == Subjects.Payments.Captured).GroupBy(e => e.OrderId ?? "?", StringComparer.Ordinal).ToList();
        foreach (var order in captures.Where(g => g.Count() > 1))
        {
            violations.Add($"{order.Key}: {order.Count()} payments.captured (#{string.Join(", #", order.Select(e => e.Sequence))})");
        }

        var charges = snapshot.GatewayCharges.GroupBy(c => c.PaymentId, StringComparer.Ordinal).ToList();
        foreach (var payment in charges.Where(g => g.Count() > 1))
        {
            violations.Add($"{payment.Key}: {payment.Count()} gateway charges");
        }

        var captured = captures.Select(g => PaymentIds.For(g.Key)).ToHashSet(StringComparer.Ordinal);
        foreach (var charge in charges.Where(g => !captured.Contains(g.Key)))
        {
            violations.Add($"{charge.Key}: charged {charge.First().Amount} {charge.First().Currency} at the gateway, but no payments.captured");
        }

        return violations.Result("one capture and one charge per order", captures.Count + charges.Count);
    }

    /// <summary>Every cancelled order nets zero: captured implies refunded once, for the same amount; nothing else is refunded.</summary>
    public static InvariantResult CancelledOrdersNetZero(SystemSnapshot snapshot)
    {
        var violations = new Violations();
        var payments = snapshot.PaymentEvents.Where(e => e.OrderId is not null).ToLookup(e => e.OrderId!, StringComparer.Ordinal);
        var cancelled = snapshot.Orders.Where(o => o.Status == nameof(OrderStatus.Cancelled)).ToList();
        foreach (var order in cancelled)
        {
            var events = payments[order.OrderId].ToList();
            var captured = events.Where(e => e.Subject == Subjects.Payments.Captured).Sum(e => e.Amount ?? 0);
            var refunds = events.Where(e => e.Subject == Subjects.Payments.Refunded).ToList();
            if (captured != refunds.Sum(e => e.Amount ?? 0) || refunds.Count > 1)
            {
                violations.Add($"{order.OrderId} (Cancelled): captured {captured}, refunded {refunds.Sum(e => e.Amount ?? 0)} in {refunds.Count} refund(s)");
            }
        }

        var cancelledIds = cancelled.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        foreach (var refund in snapshot.PaymentEvents.Where(e => e.Subject == Subjects.Payments.Refunded && !cancelledIds.Contains(e.OrderId ?? "")))
        {
            violations.Add($"{refund.OrderId}: refunded (PAYMENTS #{refund.Sequence}) but the order is not Cancelled");
        }

        return violations.Result("cancelled orders net zero", cancelled.Count);
    }

    /// <summary>status-service's read model holds exactly order-service's orders, each with the same status and version.</summary>
    public static InvariantResult ReadModelMatches(SystemSnapshot snapshot)
    {
        var violations = new Violations();
        var views = snapshot.OrderViews.ToDictionary(v => v.OrderId, StringComparer.Ordinal);
        foreach (var order in snapshot.Orders.OrderBy(o => o.OrderId, StringComparer.Ordinal))
        {
            if (!views.Remove(order.OrderId, out var view))
            {
                violations.Add($"{order.OrderId}: {order.Status} v{order.Version} in order-service, missing from the read model");
            }
            else if (view.Status != order.Status || view.Version != order.Version)
            {
                violations.Add($"{order.OrderId}: order-service {order.Status} v{order.Version}, read model {view.Status} v{view.Version}");
            }
        }

        foreach (var extra in views.Values)
        {
            violations.Add($"{extra.OrderId}: in the read model ({extra.Status} v{extra.Version}) but not in order-service");
        }

        return violations.Result("read model equals order-service", snapshot.Orders.Count);
    }

    /// <summary>
    /// Every expected bad message is in DEADLETTER, unchanged, with an <c>Orders-Dead-Reason</c>;
    /// nothing else is (an unexpected dead letter is a message the system failed to handle).
    /// </summary>
    public static InvariantResult BadMessagesDeadLettered(SystemSnapshot snapshot, SystemExpectations expectations)
    {
        var violations = new Violations();
        var originals = snapshot.Commands.ToDictionary(c => c.Sequence);
        var byOrigin = snapshot.DeadLetters
            .Where(d => d.OriginalSubject is not null && d.OriginalSequence is not null)
            .ToLookup(d => (StreamOf(d.OriginalSubject!), d.OriginalSequence!.Value));
        var matched = new HashSet<ulong>();
        foreach (var expected in expectations.DeadLetters)
        {
            var letters = byOrigin[(expected.Stream, expected.Sequence)].ToList();
            if (letters.Count == 0)
            {
                violations.Add($"{expected.Stream} #{expected.Sequence} ({expected.Description}): not dead-lettered");
                continue;
            }

            matched.UnionWith(letters.Select(l => l.Sequence));
            var letter = letters[0];
            if (string.IsNullOrWhiteSpace(letter.Reason))
            {
                violations.Add($"{expected.Stream} #{expected.Sequence} ({expected.Description}): DEADLETTER #{letter.Sequence} has no {MessageHeaders.DeadReason}");
            }

            if (letters.Count > 1)
            {
                violations.Add($"{expected.Stream} #{expected.Sequence} ({expected.Description}): dead-lettered {letters.Count} times");
            }

            if (expected.Stream == Streams.Names.Commands && originals.TryGetValue(expected.Sequence, out var original) && !original.Data.Span.SequenceEqual(letter.Data.Span))
            {
                violations.Add($"{expected.Stream} #{expected.Sequence} ({expected.Description}): payload changed on the way to DEADLETTER #{letter.Sequence}");
            }
        }

        foreach (var unexpected in snapshot.DeadLetters.Where(d => !matched.Contains(d.Sequence)))
        {
            violations.Add($"unexpected DEADLETTER #{unexpected.Sequence} on {unexpected.Subject} from {unexpected.OriginalSubject} #{unexpected.OriginalSequence}: {unexpected.Reason}");
        }

        return violations.Result("bad messages dead-lettered, with reason", expectations.DeadLetters.Count + snapshot.DeadLetters.Count);
    }

    /// <summary>Every outbox row was published.</summary>
    public static InvariantResult OutboxesEmpty(SystemSnapshot snapshot)
    {
        var violations = new Violations();
        foreach (var (service, unsent) in snapshot.UnsentOutbox.Where(u => u.Value != 0))
        {
            violations.Add($"{service}: {unsent} outbox rows not sent");
        }

        return violations.Result("outboxes empty", snapshot.UnsentOutbox.Count);
    }

    private static string StreamOf(string subject) =>
        Streams.All.FirstOrDefault(s => subject.StartsWith(s.Subject.TrimEnd('*', '>'), StringComparison.Ordinal))?.Name ?? "?";

    private static string Describe(IReadOnlySet<OrderStatus> allowed) => string.Join(" or ", allowed.Order());

    private sealed class Violations
    {
        private readonly List<string> _examples = [];
        private int _count;

        public void Add(string violation)
        {
            _count++;
            if (_examples.Count < ExamplesPerInvariant)
            {
                _examples.Add(violation);
            }
        }

        public InvariantResult Result(string name, int checkedItems) => new(name, checkedItems, _count, _examples);
    }
}
