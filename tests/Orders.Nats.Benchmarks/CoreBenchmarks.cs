using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace Orders.Nats.Benchmarks;

/// <summary>Core NATS (no JetStream): publish only, pub+sub, request/reply — peersbench's core.go.</summary>
internal static class CoreBenchmarks
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    /// <summary>One publisher, no subscriber: N publishes plus the final PING round trip (the server has them all).</summary>
    public static async Task PubAsync(BenchOptions o, CancellationToken ct)
    {
        await using var nc = await ConnectAsync(o, "peers-pub", ct);
        var payload = o.Payload();

        // Untimed warm-up: the publish path is compiled by the JIT on first use, which peersbench
        // (compiled ahead of time) never pays; without it the JIT's work is measured as publishing.
        for (var i = 0; i < o.Warmup; i++)
        {
            await nc.PublishAsync(o.Subject, payload, ct: ct);
        }

        await nc.PingAsync(ct);
        var start = Mark.Now();
        for (var i = 0; i < o.N; i++)
        {
            await nc.PublishAsync(o.Subject, payload, ct: ct);
        }

        await nc.PingAsync(ct);
        Report.Print("core_pub", o.N, start, Mark.Now());
    }

    /// <summary>Subscriber for the two-process test: writes READY_FILE once subscribed, times first to last receipt.</summary>
    public static async Task SubAsync(BenchOptions o, CancellationToken ct)
    {
        await using var nc = await ConnectAsync(o, "peers-sub", ct);
        await using var sub = await nc.SubscribeCoreAsync(o.Subject, ct: ct);
        if (Environment.GetEnvironmentVariable("READY_FILE") is { Length: > 0 } readyFile)
        {
            await File.WriteAllTextAsync(readyFile, "ready\n", ct);
        }

        Mark? first = null;
        var got = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ReceiveTimeout);
        try
        {
            while (got < o.N && await sub.Msgs.WaitToReadAsync(timeout.Token))
            {
                while (got < o.N && sub.Msgs.TryRead(out _))
                {
                    first ??= Mark.Now();
                    got++;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"got {got} of {o.N}");
        }

        var end = Mark.Now();
        Report.Print("core_sub_sep", o.N, first ?? end, end, Field("dropped", sub.Dropped));
    }

    /// <summary>Publisher and subscriber on separate connections in one process; rate = N / (first publish .. last receipt).</summary>
    public static async Task PubSubAsync(BenchOptions o, CancellationToken ct)
    {
        await using var snc = await ConnectAsync(o, "peers-pubsub-sub", ct);
        await using var pnc = await ConnectAsync(o, "peers-pubsub-pub", ct);
        await using var sub = await snc.SubscribeCoreAsync(o.Subject, ct: ct);
        var payload = o.Payload();

        // Untimed warm-up through both connections (see PubAsync).
        if (o.Warmup > 0)
        {
            var warmedUp = CountAsync(sub.Msgs, o.Warmup, ct);
            for (var i = 0; i < o.Warmup; i++)
            {
                await pnc.PublishAsync(o.Subject, payload, ct: ct);
            }

            await warmedUp.WaitAsync(ReceiveTimeout, ct);
        }

        var received = CountAsync(sub.Msgs, o.N, ct);

        var start = Mark.Now();
        for (var i = 0; i < o.N; i++)
        {
            await pnc.PublishAsync(o.Subject, payload, ct: ct);
        }

        await pnc.PingAsync(ct);
        var published = Mark.Now();
        await received.WaitAsync(ReceiveTimeout, ct);
        var end = Mark.Now();
        var pubRate = o.N / start.Elapsed(published).TotalSeconds;
        Report.Print("core_pubsub_1proc", o.N, start, end, Field("pub_rate", (long)pubRate), Field("dropped", sub.Dropped));
    }

    /// <summary>Responder and requester on separate connections in one process; sequential requests, each timed.</summary>
    public static async Task ReqAsync(BenchOptions o, CancellationToken ct)
    {
        await using var rnc = await ConnectAsync(o, "peers-responder", ct);
        await using var qnc = await ConnectAsync(o, "peers-requester", ct);
        await using var sub = await rnc.SubscribeCoreAsync(o.Subject, ct: ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var responder = RespondAsync(sub.Msgs, stop.Token);
        var payload = o.Payload();
        for (var i = 0; i < o.Warmup; i++)
        {
            await qnc.RequestAsync(o.Subject, payload, timeout: RequestTimeout, ct: ct);
        }

        var latencies = new long[o.N];
        var start = Mark.Now();
        for (var i = 0; i < o.N; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            await qnc.RequestAsync(o.Subject, payload, timeout: RequestTimeout, ct: ct);
            latencies[i] = Stopwatch.GetTimestamp() - sent;
        }

        var end = Mark.Now();
        await stop.CancelAsync();
        await responder.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Report.Print("core_req", o.N, start, end, Report.Latencies(latencies));
    }

    internal static async Task<NatsConnection> ConnectAsync(BenchOptions o, string name, CancellationToken ct)
    {
        var nc = new NatsConnection(new NatsOpts
        {
            Url = o.Url,
            Name = name,
            MaxReconnectRetry = 0,

            // peersbench lifts the Go client's pending limits; a bounded buffer as large as the run is the equivalent.
            SubPendingCapacity = Math.Max(o.N, NatsOpts.Default.SubPendingCapacity),
        });
        await nc.ConnectAsync(ct);
        return nc;
    }

    internal static string Field(string key, long value) => string.Create(CultureInfo.InvariantCulture, $"{key}={value}");

    private static async Task CountAsync(ChannelReader<NatsMsg> msgs, int n, CancellationToken ct)
    {
        var got = 0;
        while (await msgs.WaitToReadAsync(ct))
        {
            while (msgs.TryRead(out _))
            {
                if (++got == n)
                {
                    return;
                }
            }
        }

        throw new InvalidOperationException($"subscription ended after {got} of {n} messages");
    }

    private static async Task RespondAsync(ChannelReader<NatsMsg> requests, CancellationToken ct)
    {
        await foreach (var request in requests.ReadAllAsync(ct))
        {
            await request.ReplyAsync(request.Data, ct: ct);
        }
    }
}
