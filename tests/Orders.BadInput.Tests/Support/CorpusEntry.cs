using Microsoft.Extensions.Primitives;
using NATS.Client.Core;

namespace Orders.BadInput.Tests.Support;

/// <summary>
/// One bad message: the subject it is published to, its exact bytes and any extra headers. Entries
/// come from the committed corpus (one file per entry, the folder names the subject, a
/// <c>.headers</c> sidecar holds <c>Name: value</c> lines) or are generated at test time when
/// committing them would mean megabytes (see <see cref="Generated"/>).
/// </summary>
internal sealed record CorpusEntry(string Name, string Subject, byte[] Payload, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    private const string CorpusFolder = "tests/corpus/bad-input";

    /// <summary>Every committed entry, in a stable order.</summary>
    public static IReadOnlyList<CorpusEntry> LoadCommitted()
    {
        var root = Path.Combine(FindRepositoryRoot(), CorpusFolder);
        return Directory.EnumerateDirectories(root)
            .SelectMany(subjectFolder => Directory.EnumerateFiles(subjectFolder)
                .Where(file => Path.GetExtension(file) is ".json" or ".bin")
                .Select(file => Load(Path.GetFileName(subjectFolder), file)))
            .OrderBy(entry => entry.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Entries too big to commit: a submit-order padded to just under the server's max_payload
    /// (headers of the publish included) and missing its currency, so it is both huge and invalid.
    /// <paramref name="headroom"/> is what is left below max_payload.
    /// </summary>
    public static CorpusEntry Generated(string name, int maxPayload, int headroom, int publishHeaderBytes)
    {
        const string Prefix = "{\"orderId\":\"bad-o-big\",\"customerId\":\"c-7\",\"items\":[{\"quantity\":1,\"unitPrice\":1.00,\"sku\":\"";
        const string Suffix = "\"}]}";
        var padding = maxPayload - headroom - publishHeaderBytes - Prefix.Length - Suffix.Length;
        var payload = System.Text.Encoding.UTF8.GetBytes(Prefix + new string('x', padding) + Suffix);
        return new CorpusEntry(name, Orders.Contracts.Messaging.Subjects.Commands.SubmitOrder, payload, []);
    }

    /// <summary>
    /// The headers to publish with, plus a unique <c>Nats-Msg-Id</c> for this run. A name the entry
    /// repeats keeps every value (NATS.Net writes one header line per value).
    /// </summary>
    public NatsHeaders HeadersFor(string runId)
    {
        var headers = new NatsHeaders { { "Nats-Msg-Id", $"bad-input:{Name}:{runId}" } };
        foreach (var (key, value) in Headers)
        {
            headers[key] = headers.TryGetValue(key, out var earlier) ? StringValues.Concat(earlier, value) : new StringValues(value);
        }

        return headers;
    }

    public override string ToString() => $"{Name} ({Subject}, {Payload.Length} bytes{(Headers.Count > 0 ? $", {Headers.Count} extra headers" : "")})";

    private static CorpusEntry Load(string subject, string file)
    {
        var sidecar = Path.ChangeExtension(file, ".headers");
        var headers = File.Exists(sidecar)
            ? File.ReadAllLines(sidecar)
                .Where(line => line.Contains(':', StringComparison.Ordinal))
                .Select(line => line.Split(':', 2))
                .Select(parts => KeyValuePair.Create(parts[0].Trim(), parts[1].Trim()))
                .ToList()
            : [];
        return new CorpusEntry($"{subject}/{Path.GetFileName(file)}", subject, File.ReadAllBytes(file), headers);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, CorpusFolder)))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No {CorpusFolder} above {AppContext.BaseDirectory}.");
    }
}
