using System.Diagnostics;
using Orders.Nats.JetStream;

namespace Orders.Nats.Benchmarks;

/// <summary>
/// JetStream — peersbench's js.go: publish awaiting each ack, pipelined publish with a bounded ack
/// window, push consumer in a deliver group and pull consumer with fetch, both with explicit acks.
/// Stream and subject get the storage type appended (PEERS_FILE on peers.bench.file), like peersbench,
/// so a stream pre-filled by either client is reused by the other.
/// </summary>
internal sealed class JetStreamBenchmarks(BenchOptions o, NatsConnection nc)
{
    private static readonly TimeSpan StallThreshold = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan FetchExpiry = TimeSpan.FromSeconds(5);

    private readonly NatsJSContext _js = new(nc);
    private readonly MsgIds _msgIds = new();

    // Built once, like peersbench's: a new string per publish would be the benchmark's own cost.
    private string StreamName { get; } = $"{o.Stream}_{o.Storage.ToUpperInvariant()}";

    private string StreamSubject { get; } = $"{o.Subject}.{o.Storage}";

    private string Suffix => "_" + o.Storage + (o.Dedup ? "_dedup" : "");

    private string AckMode => o.AckSync ? "acksync" : "ack";

    public static async Task RunAsync(BenchOptions o, CancellationToken ct)
    {
        await using var nc = await CoreBenchmarks.ConnectAsync(o, "peers-" + o.Mode, ct);
        var bench = new JetStreamBenchmarks(o, nc);
        var run = o.Mode switch
        {
            "jspub" => bench.PublishAwaitingEachAckAsync(ct),
            "jsasync" => bench.PublishPipelinedAsync(ct),
            "jspush" => bench.ConsumePushAsync(ct),
            "jspull" => bench.ConsumePullAsync(ct),
            _ => throw new ArgumentException($"unknown mode {o.Mode}"),
        };
        await run;
    }

    /// <summary>Each publish waits for its PubAck before the next one.</summary>
    private async Task PublishAwaitingEachAckAsync(CancellationToken ct)
    {
        await FreshStreamAsync(ct);
        var payload = o.Payload();
        for (var i = 0; i < o.Warmup; i++)
        {
            await _js.PublishAsync(StreamSubject, payload, PubOpts(), ct: ct);
        }

        await FreshStreamAsync(ct); // the timed run starts from an empty stream again
        var latencies = new long[o.N];
        var start = Mark.Now();
        for (var i = 0; i < o.N; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            await _js.PublishAsync(StreamSubject, payload, PubOpts(), ct: ct);
            latencies[i] = Stopwatch.GetTimestamp() - sent;
        }

        var end = Mark.Now();
        await CheckStreamCountAsync(o.N, ct);
        Report.Print("js_pub_sync" + Suffix, o.N, start, end, Report.Latencies(latencies));
    }

    /// <summary>Publishes keep at most -window acks outstanding; timed until the last ack arrived.</summary>
    private async Task PublishPipelinedAsync(CancellationToken ct)
    {
        await FreshStreamAsync(ct);
        if (o.Warmup > 0)
        {
            await PublishWithWindowAsync(o.Warmup, ct);
            await FreshStreamAsync(ct);
        }

        var start = Mark.Now();
        var stalls = await PublishWithWindowAsync(o.N, ct);
        var end = Mark.Now();
        await CheckStreamCountAsync(o.N, ct);
        Report.Print($"js_pub_async_w{o.Window}{Suffix}", o.N, start, end, CoreBenchmarks.Field("stalls", stalls));
    }

    /// <summary>
    /// Durable push consumer with a deliver group, explicit ack of every message. Timed from
    /// subscribing (the consumer delivers only once the group has a member) to the last ack flushed.
    /// </summary>
    private async Task ConsumePushAsync(CancellationToken ct)
    {
        await EnsureFilledAsync(ct);
        if (o.Warmup > 0)
        {
            await ConsumePushWithNewConsumerAsync(Math.Min(o.Warmup, o.N), report: false, ct);
        }

        await ConsumePushWithNewConsumerAsync(o.N, report: true, ct);
    }

    private async Task ConsumePushWithNewConsumerAsync(int n, bool report, CancellationToken ct)
    {
        var durable = "push_" + Guid.NewGuid().ToString("N");
        await _js.CreateOrUpdateConsumerAsync(StreamName, ConsumerConfig(durable) with
        {
            DeliverSubject = "_peers.deliver." + durable,
            DeliverGroup = "peers_workers",
        }, ct);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ReceiveTimeout);
            long got = 0, ackErrors = 0;
            var start = Mark.Now();
            await foreach (var msg in _js.ConsumePushAsync(StreamName, durable, timeout.Token))
            {
                ackErrors += await AckAsync(msg, ct);
                if (++got == n)
                {
                    break;
                }
            }

            await nc.PingAsync(ct); // the last acks have reached the server
            var end = Mark.Now();
            if (report)
            {
                Report.Print($"js_consume_push_qgroup_{AckMode}_{o.Storage}", n, start, end,
                    [CoreBenchmarks.Field("ack_errs", ackErrors), .. await ConsumerDoneAsync(durable, ct)]);
            }
        }
        finally
        {
            await _js.DeleteConsumerAsync(StreamName, durable, ct);
        }
    }

    /// <summary>Durable pull consumer: fetch(-batch) until the stream is consumed, explicit ack of every message.</summary>
    private async Task ConsumePullAsync(CancellationToken ct)
    {
        await EnsureFilledAsync(ct);
        if (o.Warmup > 0)
        {
            await ConsumePullWithNewConsumerAsync(Math.Min(o.Warmup, o.N), report: false, ct);
        }

        await ConsumePullWithNewConsumerAsync(o.N, report: true, ct);
    }

    private async Task ConsumePullWithNewConsumerAsync(int n, bool report, CancellationToken ct)
    {
        var durable = "pull_" + Guid.NewGuid().ToString("N");
        await _js.CreateOrUpdateConsumerAsync(StreamName, ConsumerConfig(durable), ct);
        try
        {
            int got = 0, fetches = 0;
            var start = Mark.Now();
            while (got < n)
            {
                var before = got;
                await foreach (var msg in _js.FetchAsync(StreamName, durable, Math.Min(o.Batch, n - got), FetchExpiry, ct))
                {
                    if (await AckAsync(msg, ct) != 0)
                    {
                        throw new InvalidOperationException($"ack failed after {got} msgs");
                    }

                    got++;
                }

                fetches++;
                if (got == before)
                {
                    throw new TimeoutException($"fetch after {got} msgs: no messages within {FetchExpiry.TotalSeconds} s");
                }
            }

            await nc.PingAsync(ct);
            var end = Mark.Now();
            if (report)
            {
                Report.Print($"js_consume_pull_b{o.Batch}_{AckMode}_{o.Storage}", got, start, end,
                    [CoreBenchmarks.Field("fetches", fetches), .. await ConsumerDoneAsync(durable, ct)]);
            }
        }
        finally
        {
            await _js.DeleteConsumerAsync(StreamName, durable, ct);
        }
    }

    /// <summary>Sends <paramref name="n"/> messages through a pipelined publisher and waits for every ack; returns the window stalls (&gt; 200 ms).</summary>
    private async Task<long> PublishWithWindowAsync(int n, CancellationToken ct)
    {
        var payload = o.Payload();
        var acks = new Task<PubAckResponse>[n];
        long stalls = 0;
        await using (var publisher = await _js.CreatePublisherAsync(o.Window, ct))
        {
            for (var i = 0; i < n; i++)
            {
                var asked = Stopwatch.GetTimestamp();
                acks[i] = await publisher.PublishAsync(StreamSubject, payload, PubOpts(), ct: ct);
                if (Stopwatch.GetElapsedTime(asked) > StallThreshold)
                {
                    stalls++;
                }
            }

            await Task.WhenAll(acks); // throws the first failed ack
        }

        return stalls;
    }

    private async Task FreshStreamAsync(CancellationToken ct)
    {
        try
        {
            await _js.DeleteStreamAsync(StreamName, ct);
        }
        catch (NatsJSStreamNotFoundException)
        {
        }

        await _js.CreateOrUpdateStreamAsync(new StreamConfig(StreamName, [StreamSubject])
        {
            Storage = o.Storage == "memory" ? StreamStorage.Memory : StreamStorage.File,
        }, ct);
    }

    /// <summary>The consumer tests read a stream of exactly N messages, filled (untimed) once and reused.</summary>
    private async Task EnsureFilledAsync(CancellationToken ct)
    {
        try
        {
            if ((await _js.GetStreamAsync(StreamName, ct)).State.Messages == (ulong)o.N)
            {
                return;
            }
        }
        catch (NatsJSStreamNotFoundException)
        {
        }

        await FreshStreamAsync(ct);
        await PublishWithWindowAsync(o.N, ct);
    }

    private async Task CheckStreamCountAsync(int expected, CancellationToken ct)
    {
        var info = await _js.GetStreamAsync(StreamName, ct);
        if (info.State.Messages != (ulong)expected)
        {
            throw new InvalidOperationException($"stream holds {info.State.Messages} msgs, want {expected}");
        }
    }

    private ConsumerConfig ConsumerConfig(string durable) => new(durable)
    {
        DeliverPolicy = ConsumerDeliverPolicy.All,
        AckPolicy = ConsumerAckPolicy.Explicit,
        AckWait = TimeSpan.FromSeconds(30),
        MaxAckPending = o.MaxAckPending > 0 ? o.MaxAckPending : 1000, // 1000 = the server default peersbench gets
    };

    /// <summary>Acks the message; 1 when the ack failed (awaited acks only), else 0.</summary>
    private async ValueTask<int> AckAsync(NatsJSMsg msg, CancellationToken ct)
    {
        if (!o.AckSync)
        {
            await msg.AckAsync(ct);
            return 0;
        }

        try
        {
            await msg.AckSyncAsync(ct: ct);
            return 0;
        }
        catch (NatsException)
        {
            return 1;
        }
    }

    /// <summary>The consumer's state after the run: nothing may be pending or redelivered.</summary>
    private async Task<string[]> ConsumerDoneAsync(string durable, CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(100), ct); // same settle time as peersbench
        var info = await _js.GetConsumerAsync(StreamName, durable, ct);
        return
        [
            CoreBenchmarks.Field("ack_floor", (long)info.AckFloor.StreamSeq),
            CoreBenchmarks.Field("ack_pending", info.NumAckPending),
            CoreBenchmarks.Field("redelivered", info.NumRedelivered),
            CoreBenchmarks.Field("max_ack_pending", info.Config.MaxAckPending),
        ];
    }

    private NatsJSPubOpts? PubOpts() => o.Dedup ? new NatsJSPubOpts { MsgId = _msgIds.Next() } : null;

    /// <summary>Unique 22-character message ids (the length of the NUIDs peersbench uses): a random prefix plus a counter.</summary>
    private sealed class MsgIds
    {
        private readonly string _prefix = Guid.NewGuid().ToString("N")[..12];
        private long _next;

        public string Next() => _prefix + (++_next).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
    }
}
