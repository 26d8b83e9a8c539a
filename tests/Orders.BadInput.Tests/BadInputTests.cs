using Orders.BadInput.Tests.Support;
using Orders.Contracts.Messaging;
using Orders.Messaging.Pipeline;
using Orders.Testing.SystemUnderTest;

namespace Orders.BadInput.Tests;

[Collection(BadInputCollection.Name)]
public sealed class BadInputTests(BadInputRun run)
{
    [Fact]
    public void Corpus_AsCommitted_CoversBothCommandSubjectsAndBothEventStreams()
    {
        var subjects = CorpusEntry.LoadCommitted().Select(e => e.Subject).ToHashSet();

        Assert.Contains(Subjects.Commands.SubmitOrder, subjects);
        Assert.Contains(Subjects.Commands.UpdateStatus, subjects);
        Assert.Contains(subjects, s => s.StartsWith("orders.", StringComparison.Ordinal));
        Assert.Contains(subjects, s => s.StartsWith("payments.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CorpusEntry_PublishedToItsSubject_IsDeadLetteredWithAReasonByEveryConsumerOfIt()
    {
        var expected = run.Published
            .SelectMany(p => DeadLetteredBy(p.Entry.Subject).Select(service => (Service: service, Published: p)))
            .ToList();
        IReadOnlyList<StreamMessageRecord> deadLetters = [];

        try
        {
            await BadInputRun.WaitUntilAsync(
                async () => Missing(expected, deadLetters = await run.DeadLettersAsync()).Count == 0,
                "every corpus entry dead-lettered by every consumer of its subject");
        }
        catch (TimeoutException)
        {
            // Fall through to the assertion, which names what is missing.
        }

        var missing = Missing(expected, deadLetters);
        Assert.True(missing.Count == 0, $"{missing.Count} of {expected.Count} expected dead letters are missing:\n{string.Join("\n", missing)}");
    }

    [Fact]
    public async Task Services_WhileTheCorpusIsConsumed_StayHealthy()
    {
        var unhealthyNow = new List<string>();
        foreach (var service in run.Services)
        {
            if (!await BadInputRun.IsHealthyWithinAsync(service))
            {
                unhealthyNow.Add(service.Name);
            }
        }

        Assert.Empty(run.UnhealthyAnswers);
        Assert.Empty(unhealthyNow);
    }

    [Fact]
    public async Task ValidOrders_SentAmongTheCorpus_ReachShippedWithContiguousVersions()
    {
        await BadInputRun.WaitUntilAsync(
            async () => (await Task.WhenAll(run.ValidOrderIds.Select(run.StatusOfAsync))).All(s => s is { Status: "Shipped" }),
            "every valid order shipped in the read model");

        foreach (var orderId in run.ValidOrderIds)
        {
            var status = await run.StatusOfAsync(orderId);
            Assert.Equal(("Shipped", 3), (status?.Status, status?.Version));
            Assert.Equal([1, 2, 3], status!.Value.History);
        }
    }

    /// <summary>
    /// Which services must dead-letter a bad message on <paramref name="subject"/>: the consumers that
    /// decode it. payment-service reads all of ORDERS but decodes only created and cancelled (others it
    /// acks unread); a subject outside the contract is refused by every consumer that sees it.
    /// </summary>
    private static IReadOnlyList<string> DeadLetteredBy(string subject)
    {
        var known = ContractMessageDecoder.KnownSubjects.Contains(subject);
        return subject switch
        {
            _ when subject.StartsWith("commands.", StringComparison.Ordinal) => ["order-service"],
            _ when subject.StartsWith("payments.", StringComparison.Ordinal) => ["order-service"],
            Subjects.Orders.Created or Subjects.Orders.Cancelled => ["payment-service", "status-service"],
            _ when known => ["status-service"],
            _ => ["payment-service", "status-service"],
        };
    }

    private static List<string> Missing(IEnumerable<(string Service, PublishedEntry Published)> expected, IReadOnlyList<StreamMessageRecord> deadLetters)
    {
        var found = deadLetters
            .Where(d => !string.IsNullOrWhiteSpace(d.Header(MessageHeaders.DeadReason)))
            .Select(d => (d.Subject, d.Header(MessageHeaders.OriginalSubject), d.Header(MessageHeaders.OriginalSequence)))
            .ToHashSet();

        return expected
            .Where(e => !found.Contains((Subjects.DeadLetter.For(e.Service), e.Published.Entry.Subject, e.Published.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .Select(e => $"  {e.Service}: {e.Published.Entry} ({e.Published.Stream} #{e.Published.Sequence})")
            .ToList();
    }
}
