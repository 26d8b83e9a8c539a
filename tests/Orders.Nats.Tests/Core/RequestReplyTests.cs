using Orders.Testing;

namespace Orders.Nats.Tests.Core;

[Collection(NatsCollection.Name)]
public sealed class RequestReplyTests(NatsServerFixture server) : IAsyncLifetime
{
    private NatsConnection _nats = null!;

    public async Task InitializeAsync() => _nats = await TestNats.ConnectAsync(server.Url);

    public async Task DisposeAsync() => await _nats.DisposeAsync();

    [Fact]
    public async Task RequestAsync_ResponderOnOtherConnection_ReturnsItsReply()
    {
        var subject = TestNats.UniqueSubject("echo");
        await using var responderConnection = await TestNats.ConnectAsync(server.Url);
        await using var responder = await responderConnection.SubscribeCoreAsync(subject);
        var serving = ServeAsync(responder, request => "echo:" + request.Text());

        var replies = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            replies.Add((await _nats.RequestAsync(subject, TestNats.Utf8(i.ToString()))).Text());
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => "echo:" + i), replies);
        await responder.UnsubscribeAsync();
        await serving;
    }

    [Fact]
    public async Task RequestAsync_ManyConcurrent_EachGetsItsOwnReply()
    {
        var subject = TestNats.UniqueSubject("concurrent");
        await using var responder = await _nats.SubscribeCoreAsync(subject);
        var serving = ServeAsync(responder, request => request.Text());

        var replies = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(async i => (await _nats.RequestAsync(subject, TestNats.Utf8(i.ToString()))).Text()));

        Assert.Equal(Enumerable.Range(0, 100).Select(i => i.ToString()), replies);
        await responder.UnsubscribeAsync();
        await serving;
    }

    [Fact]
    public async Task RequestAsync_ResponderNeverAnswers_ThrowsTimeout()
    {
        var subject = TestNats.UniqueSubject("silent");
        await using var silent = await _nats.SubscribeCoreAsync(subject);

        var error = await Assert.ThrowsAsync<NatsTimeoutException>(
            async () => await _nats.RequestAsync(subject, timeout: TimeSpan.FromMilliseconds(200)));

        Assert.Equal(subject, error.Subject);
        Assert.Contains("200 ms", error.Message);
    }

    [Fact]
    public async Task RequestAsync_NobodySubscribed_ThrowsNoResponders()
    {
        var subject = TestNats.UniqueSubject("nobody");

        var error = await Assert.ThrowsAsync<NatsNoRespondersException>(
            async () => await _nats.RequestAsync(subject, timeout: TimeSpan.FromSeconds(5)));

        Assert.Equal(subject, error.Subject);
    }

    [Fact]
    public async Task RequestAsync_ReplyWithOtherStatus_IsReturnedAsMessage()
    {
        var subject = TestNats.UniqueSubject("status");
        await using var responder = await _nats.SubscribeCoreAsync(subject);
        var serving = Task.Run(async () =>
        {
            var request = await responder.Msgs.ReadAsync();
            await request.ReplyAsync(headers: new NatsHeaders { { "Reason", "empty" } });
        });

        var reply = await _nats.RequestAsync(subject);

        Assert.Equal("empty", reply.Headers!["Reason"]);
        await serving;
    }

    [Fact]
    public async Task RequestAsync_CancelledWhileWaiting_ThrowsCanceledAndNextRequestsGetTheirOwnReplies()
    {
        var silentSubject = TestNats.UniqueSubject("cancelled");
        await using var silent = await _nats.SubscribeCoreAsync(silentSubject);
        var echoSubject = TestNats.UniqueSubject("after-cancel");
        await using var responder = await _nats.SubscribeCoreAsync(echoSubject);
        var serving = ServeAsync(responder, request => request.Text());
        using var cts = new CancellationTokenSource();

        var cancelled = _nats.RequestAsync(silentSubject, timeout: TimeSpan.FromSeconds(30), ct: cts.Token).AsTask();
        await silent.NextAsync();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TestNats.Deadline));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(i.ToString(), (await _nats.RequestAsync(echoSubject, TestNats.Utf8(i.ToString()))).Text());
        }

        await responder.UnsubscribeAsync();
        await serving;
    }

    [Fact]
    public async Task RequestAsync_AfterAnEarlierTimeout_LateReplyIsIgnoredAndNewRequestGetsItsOwn()
    {
        var subject = TestNats.UniqueSubject("late");
        await using var responderConnection = await TestNats.ConnectAsync(server.Url);
        await using var responder = await responderConnection.SubscribeCoreAsync(subject);
        await Assert.ThrowsAsync<NatsTimeoutException>(
            async () => await _nats.RequestAsync(subject, TestNats.Utf8("first"), timeout: TimeSpan.FromMilliseconds(100)));
        var first = await responder.NextAsync();
        await first.ReplyAsync(TestNats.Utf8("late answer to first"));

        var second = _nats.RequestAsync(subject, TestNats.Utf8("second")).AsTask();
        var request = await responder.NextAsync();
        await request.ReplyAsync(TestNats.Utf8("answer to " + request.Text()));

        Assert.Equal("answer to second", (await second.WaitAsync(TestNats.Deadline)).Text());
    }

    private static Task ServeAsync(INatsSub responder, Func<NatsMsg, string> answer) => Task.Run(async () =>
    {
        await foreach (var request in responder.Msgs.ReadAllAsync())
        {
            await request.ReplyAsync(TestNats.Utf8(answer(request)));
        }
    });
}
