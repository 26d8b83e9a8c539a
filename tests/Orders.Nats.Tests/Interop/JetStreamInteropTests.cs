using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Orders.Nats.JetStream;
using Orders.Nats.Tests.JetStream;
using Orders.Testing;

namespace Orders.Nats.Tests.Interop;

/// <summary>
/// Our JetStream client against the official JavaScript client (npm <c>@nats-io/jetstream</c>,
/// run by node from <c>Interop/node</c>): what one publishes with headers, the other consumes
/// byte for byte, in both directions.
/// </summary>
[Collection(NatsCollection.Name)]
public sealed class JetStreamInteropTests(NatsServerFixture server) : IAsyncLifetime
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(3);

    private JetStreamTestScope _js = null!;

    public async Task InitializeAsync() => _js = await JetStreamTestScope.StartAsync(server);

    public async Task DisposeAsync() => await _js.DisposeAsync();

    [Fact]
    public async Task JetStream_OfficialJavaScriptClient_ExchangesPayloadsAndHeadersBothWays()
    {
        var stream = (await _js.CreateStreamAsync("INTEROP")).Name;
        var fromDotnet = Messages($"{stream}.dotnet", "dotnet");
        var toDotnet = Messages($"{stream}.node", "node");
        foreach (var msg in fromDotnet)
        {
            await _js.JS.PublishAsync(msg.Subject, msg.Data, new NatsJSPubOpts { MsgId = msg.MsgId }, ToNatsHeaders(msg.Headers));
        }

        using var report = await RunNodePeerAsync(new
        {
            url = server.Url,
            stream,
            fromDotnetSubject = $"{stream}.dotnet",
            expectCount = fromDotnet.Length,
            toDotnet = toDotnet.Select(m => new { subject = m.Subject, data = Convert.ToBase64String(m.Data), msgId = m.MsgId, headers = m.Headers.Select(h => new[] { h.Key, h.Value }) }),
        });

        // Direction 1: JavaScript read what we published.
        var received = report.RootElement.GetProperty("received").EnumerateArray().ToList();
        Assert.Equal(fromDotnet.Length, received.Count);
        foreach (var (expected, actual) in fromDotnet.Zip(received))
        {
            Assert.Equal(expected.Subject, actual.GetProperty("subject").GetString());
            Assert.Equal(expected.Data, Convert.FromBase64String(actual.GetProperty("data").GetString()!));
            var headers = actual.GetProperty("headers").EnumerateArray()
                .Select(pair => (Key: pair[0].GetString()!, Values: pair[1].EnumerateArray().Select(v => v.GetString()!).ToArray()));
            Assert.Equal(ExpectedHeaders(expected), headers.Select(h => (h.Key, string.Join("\n", h.Values))).Order());
        }

        // Direction 2: we read what JavaScript published.
        Assert.All(report.RootElement.GetProperty("published").EnumerateArray(), ack => Assert.Equal(stream, ack.GetProperty("stream").GetString()));
        await _js.JS.CreateOrUpdateConsumerAsync(stream, new ConsumerConfig("dotnet-reader") { FilterSubject = $"{stream}.node" });
        var got = new List<NatsJSMsg>();
        await foreach (var msg in _js.JS.FetchAsync(stream, "dotnet-reader", toDotnet.Length, TimeSpan.FromSeconds(5)))
        {
            got.Add(msg);
            await msg.AckAsync();
        }

        Assert.Equal(toDotnet.Length, got.Count);
        foreach (var (expected, actual) in toDotnet.Zip(got))
        {
            Assert.Equal(expected.Subject, actual.Subject);
            Assert.Equal(expected.Data, actual.Data.ToArray());
            var headers = actual.Headers!.Select(h => h.Key).Distinct().Select(k => (k, string.Join("\n", actual.Headers!.GetAll(k))));
            Assert.Equal(ExpectedHeaders(expected), headers.Order());
        }
    }

    private sealed record InteropMsg(string Subject, byte[] Data, string MsgId, KeyValuePair<string, string>[] Headers);

    /// <summary>Payloads that break naive clients: binary and CRLF bytes, non-ASCII text, empty, large; repeated and punctuated header values.</summary>
    private static InteropMsg[] Messages(string subject, string from)
    {
        var large = new byte[100 * 1024];
        new Random(42).NextBytes(large);
        return
        [
            new(subject, [0x00, 0xFF, 0x0D, 0x0A, .. Encoding.UTF8.GetBytes($"ünïcødé ✓ from {from}")], $"{from}-1",
                [new("Orders-Kind", "created"), new("Orders-Tag", "a"), new("Orders-Tag", "b")]),
            new(subject, [], $"{from}-2", [new("Orders-Empty-Payload", "yes")]),
            new(subject, large, $"{from}-3", [new("Orders-Dead-Reason", "out of stock: sku 42, retry later")]),
        ];
    }

    private static IEnumerable<(string Key, string Values)> ExpectedHeaders(InteropMsg msg) =>
        msg.Headers.Append(new("Nats-Msg-Id", msg.MsgId))
            .GroupBy(h => h.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, string.Join("\n", g.Select(h => h.Value))))
            .Order();

    private static NatsHeaders ToNatsHeaders(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var headers = new NatsHeaders();
        foreach (var (key, value) in pairs)
        {
            headers.Add(key, value);
        }

        return headers;
    }

    private static async Task<JsonDocument> RunNodePeerAsync(object scenario)
    {
        var nodeDir = FindNodeDirectory();
        if (!Directory.Exists(Path.Combine(nodeDir, "node_modules")))
        {
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], nodeDir, NpmTimeout);
        }

        var scenarioFile = Path.Combine(Path.GetTempPath(), $"orders-interop-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(scenarioFile, JsonSerializer.Serialize(scenario));
        try
        {
            var stdout = await RunAsync("node", ["interop.mjs", scenarioFile], nodeDir, NodeTimeout);
            return JsonDocument.Parse(stdout);
        }
        finally
        {
            File.Delete(scenarioFile);
        }
    }

    /// <summary>The test's source folder <c>Interop/node</c>, found by walking up from the test binaries.</summary>
    private static string FindNodeDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Interop", "node");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"Interop/node/package.json not found above {AppContext.BaseDirectory}.");
    }

    private static async Task<string> RunAsync(string fileName, string[] args, string workingDirectory, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {timeout}: {await stderr}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }

        return await stdout;
    }
}
