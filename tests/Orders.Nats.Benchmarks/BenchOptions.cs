using System.Globalization;

namespace Orders.Nats.Benchmarks;

/// <summary>
/// The command line, spelled like peersbench's Go flags (<c>-n 1000 -storage memory -dedup</c>;
/// <c>--flag</c> and <c>-flag=value</c> work too) so one command line drives both clients.
/// </summary>
internal sealed record BenchOptions
{
    public const string Usage =
        "usage: Orders.Nats.Benchmarks [flags] pub|sub|pubsub|req|jspub|jsasync|jspush|jspull\n" +
        "  -s URL  -n N  -size BYTES  -subj SUBJECT  -stream NAME  -storage file|memory\n" +
        "  -window N  -batch N  -dedup  -acksync  -maxackpending N  -warmup N";

    public string Url { get; init; } = "nats://127.0.0.1:4222";
    public int N { get; init; } = 1_000_000;
    public int Size { get; init; } = 128;
    public string Subject { get; init; } = "peers.bench";
    public string Stream { get; init; } = "PEERS";
    public string Storage { get; init; } = "file";
    public int Window { get; init; } = 256;
    public int Batch { get; init; } = 100;
    public bool Dedup { get; init; }
    public bool AckSync { get; init; }
    public int MaxAckPending { get; init; }
    public int Warmup { get; init; } = 1000;
    public string Mode { get; init; } = "";

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with the reason on bad input.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg.Length == 1)
            {
                options = options.Mode.Length == 0 ? options with { Mode = arg } : throw new ArgumentException($"unexpected argument '{arg}'");
                continue;
            }

            var name = arg.TrimStart('-');
            string? inline = null;
            if (name.IndexOf('=') is var eq and >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }

            string Value() => inline ?? (++i < args.Count ? args[i] : throw new ArgumentException($"flag -{name} needs a value"));
            int Number() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new ArgumentException($"flag -{name} needs a positive number");
            int Count() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new ArgumentException($"flag -{name} needs a number (0 or more)");
            bool Switch() => inline is null || bool.Parse(inline);

            options = name switch
            {
                "s" => options with { Url = Value() },
                "n" => options with { N = Number() },
                "size" => options with { Size = Number() },
                "subj" => options with { Subject = Value() },
                "stream" => options with { Stream = Value() },
                "storage" => options with { Storage = StorageType(Value()) },
                "window" => options with { Window = Number() },
                "batch" => options with { Batch = Number() },
                "dedup" => options with { Dedup = Switch() },
                "acksync" => options with { AckSync = Switch() },
                "maxackpending" => options with { MaxAckPending = Number() },
                "warmup" => options with { Warmup = Count() },
                _ => throw new ArgumentException($"unknown flag -{name}"),
            };
        }

        return options;
    }

    private static string StorageType(string value) =>
        value is "file" or "memory" ? value : throw new ArgumentException("flag -storage is file or memory");

    /// <summary>The 128-byte (by default) payload every scenario sends: a..z repeated, like peersbench.</summary>
    public byte[] Payload()
    {
        var payload = new byte[Size];
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)('a' + (i % 26));
        }

        return payload;
    }
}
