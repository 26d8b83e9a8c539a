using System.Text;
using Orders.Contracts.Messaging;
using Orders.PaymentService.Tests.Support;
using Orders.Testing;

namespace Orders.PaymentService.Tests.Service;

[Collection(PaymentServiceCollection.Name)]
public sealed class DeadLetterTests(NatsServerFixture nats, PostgresFixture postgres)
{
    [Theory]
    [InlineData(Subjects.Orders.Created, "{not json")]
    [InlineData(Subjects.Orders.Created, """{"eventId":"created:o-x:1","orderId":"o x!","version":1}""")]
    [InlineData(Subjects.Orders.Cancelled, """{"orderId":"o-1"}""")]
    public async Task MalformedOrderEvent_IsDeadLetteredWithAReasonAndChangesNothing(string subject, string payload)
    {
        await using var bed = await PaymentTestBed.StartAsync(nats, postgres);
        var bytes = Encoding.UTF8.GetBytes(payload);

        await bed.PublishRawAsync(subject, bytes, msgId: "bad-" + Guid.NewGuid().ToString("N"));
        await bed.WaitUntilSettledAsync();

        var dead = Assert.Single(await bed.ReadDeadLettersAsync());
        Assert.Equal(Subjects.DeadLetter.For(PaymentTestBed.ServiceName), dead.Subject);
        Assert.Equal(bytes, dead.Data.ToArray());
        Assert.Equal(subject, dead.Header(MessageHeaders.OriginalSubject));
        Assert.False(string.IsNullOrWhiteSpace(dead.Header(MessageHeaders.DeadReason)));
        Assert.Equal(0, await bed.ScalarAsync<long>("SELECT count(*) FROM payments"));
    }
}
