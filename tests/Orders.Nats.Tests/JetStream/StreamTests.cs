using System.Text;
using Orders.Nats.JetStream;
using Orders.Testing;

namespace Orders.Nats.Tests.JetStream;

[Collection(NatsCollection.Name)]
public sealed class StreamTests(NatsServerFixture server) : IAsyncLifetime
{
    private JetStreamTestScope _js = null!;

    public async Task InitializeAsync() => _js = await JetStreamTestScope.StartAsync(server);

    public async Task DisposeAsync() => await _js.DisposeAsync();

    [Fact]
    public async Task CreateOrUpdateStream_SameConfigTwice_ReturnsTheExistingStream()
    {
        var config = await _js.CreateStreamAsync("IDEM");
        await _js.JS.PublishAsync($"{config.Name}.a", "x"u8.ToArray());

        var again = await _js.JS.CreateOrUpdateStreamAsync(config);

        Assert.Equal(1UL, again.State.Messages);
        Assert.Equal(config.Subjects, again.Config.Subjects);
    }

    [Fact]
    public async Task CreateOrUpdateStream_ChangedConfig_UpdatesTheStreamKeepingMessages()
    {
        var config = await _js.CreateStreamAsync("UPD");
        await _js.JS.PublishAsync($"{config.Name}.a", "x"u8.ToArray());
        var changed = config with { Subjects = [.. config.Subjects, $"{config.Name}-extra.*"], MaxMsgs = 1000, Description = "updated" };

        var updated = await _js.JS.CreateOrUpdateStreamAsync(changed);
        var ack = await _js.JS.PublishAsync($"{config.Name}-extra.b", "y"u8.ToArray());

        Assert.Equal(1000, updated.Config.MaxMsgs);
        Assert.Equal("updated", updated.Config.Description);
        Assert.Equal((config.Name, 2UL), (ack.Stream, ack.Seq));
    }

    [Fact]
    public async Task GetStream_UnknownStream_ThrowsStreamNotFound()
    {
        var ex = await Assert.ThrowsAsync<NatsJSStreamNotFoundException>(
            async () => await _js.JS.GetStreamAsync(JetStreamTestScope.UniqueName("MISSING")));

        Assert.Equal((404, 10059), (ex.Code, ex.ErrCode));
    }

    [Fact]
    public async Task PurgeStream_WithMessages_RemovesThemAll()
    {
        var config = await _js.CreateStreamAsync("PURGE");
        await _js.PublishManyAsync($"{config.Name}.a", 5);

        var purged = await _js.JS.PurgeStreamAsync(config.Name);
        var info = await _js.JS.GetStreamAsync(config.Name);

        Assert.Equal(5UL, purged);
        Assert.Equal(0UL, info.State.Messages);
    }

    [Fact]
    public async Task DeleteStream_Existing_StreamIsGone()
    {
        var config = await _js.CreateStreamAsync("DEL");

        Assert.True(await _js.JS.DeleteStreamAsync(config.Name));
        await Assert.ThrowsAsync<NatsJSStreamNotFoundException>(async () => await _js.JS.GetStreamAsync(config.Name));
    }

    [Fact]
    public async Task GetMsg_StoredMessageWithHeaders_ReturnsPayloadAndHeaders()
    {
        var config = await _js.CreateStreamAsync("GET");
        var headers = new NatsHeaders { { "Orders-Kind", "created" }, { "Orders-Kind", "second value" } };
        var ack = await _js.JS.PublishAsync($"{config.Name}.one", Encoding.UTF8.GetBytes("{\"orderId\":\"o-1\"}"), headers: headers);

        var stored = await _js.JS.GetMsgAsync(config.Name, ack.Seq);

        Assert.Equal($"{config.Name}.one", stored.Subject);
        Assert.Equal(ack.Seq, stored.Sequence);
        Assert.Equal("{\"orderId\":\"o-1\"}", Encoding.UTF8.GetString(stored.Data.Span));
        Assert.Equal(["created", "second value"], stored.Headers!.GetAll("Orders-Kind"));
    }

    [Fact]
    public async Task GetMsg_NoSuchSequence_ThrowsMessageNotFound()
    {
        var config = await _js.CreateStreamAsync("GETNONE");

        await Assert.ThrowsAsync<NatsJSMessageNotFoundException>(async () => await _js.JS.GetMsgAsync(config.Name, 99));
    }
}
