using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Orders.Contracts;
using Orders.Drivers;
using Orders.PushOrder.Publishing;
using Orders.PushOrder.Workload;

namespace Orders.PushOrder.Commands;

/// <summary>The <c>push-order</c> command line: options, their checks, and binding to <see cref="PushOrderOptions"/>.</summary>
internal sealed class PushOrderCommand
{
    public const string Name = "push-order";

    private const int MaxPrefixLength = 40;

    private readonly Option<int> _count = new("--count", "-n") { Description = "Valid orders to submit", DefaultValueFactory = _ => 100 };
    private readonly Option<double> _rate = new("--rate") { Description = "Orders per second; 0 = as fast as acks allow" };
    private readonly Option<int> _concurrency = new("--concurrency") { Description = "Publishes awaiting their JetStream ack at once", DefaultValueFactory = _ => 64 };
    private readonly Option<string?> _customer = new("--customer") { Description = "One customer id for every order [default: c-1..c-50 at random]" };
    private readonly Option<int> _items = new("--items") { Description = "Item lines per order (1-100)", DefaultValueFactory = _ => 2 };
    private readonly Option<AmountRange> _amounts = new("--amount-range")
    {
        Description = "Totals of orders that should be paid, MIN-MAX, at most the decline limit 1000.00",
        HelpName = "min-max",
        DefaultValueFactory = _ => new AmountRange(10m, 500m),
        CustomParser = ParseAmountRange,
    };
    private readonly Option<double> _declineShare = new("--decline-share") { Description = "Share (0-1) of orders above the decline limit 1000.00 (payment fails)" };
    private readonly Option<double> _duplicates = new("--duplicates") { Description = "Share (0-1) of orders re-sent under a new Nats-Msg-Id (order-service must ignore them)" };
    private readonly Option<int> _bad = new("--bad") { Description = "Malformed commands to mix in (order-service dead-letters them)" };
    private readonly Option<int?> _seed = new("--seed") { Description = "Seed of the workload: same seed and prefix, same commands [default: random, printed]" };
    private readonly Option<bool> _wait = new("--wait") { Description = "Wait until every new order is paid or its payment failed; report end-to-end latency" };
    private readonly Option<TimeSpan?> _waitTimeout = new("--wait-timeout")
    {
        Description = "Give up waiting after this long, e.g. 30s or 2m [default: 60s]",
        HelpName = "duration",
        CustomParser = result => Durations.Parse(result),
    };
    private readonly Option<string?> _prefix = new("--prefix") { Description = "Order ids are <prefix>-<n> [default: o-<random run id>]" };

    private PushOrderCommand(DriverConsole console)
    {
        Root = new RootCommand("Submits orders to the Orders system (commands.submit-order on JetStream) and measures it.")
        {
            _count, _rate, _concurrency, _customer, _items, _amounts, _declineShare, _duplicates, _bad, _seed, _wait, _waitTimeout, _prefix,
        };
        Nats = NatsCliOptions.AddTo(Root);
        AddChecks();
        Root.SetAction((parse, ct) => PushOrderAction.RunAsync(Bind(parse), Nats.Bind(parse), parse.GetValue(Nats.Json), console, ct));
    }

    public RootCommand Root { get; }

    private NatsCliOptions Nats { get; }

    public static RootCommand Create(DriverConsole console) => new PushOrderCommand(console).Root;

    private PushOrderOptions Bind(ParseResult parse)
    {
        var options = BindValues(parse);
        return options.Count == 0 && options.Bad == 0
            ? throw new DriverException("nothing to send: --count and --bad are both 0")
            : options;
    }

    private PushOrderOptions BindValues(ParseResult parse) => new()
    {
        Count = parse.GetValue(_count),
        Rate = parse.GetValue(_rate),
        Concurrency = parse.GetValue(_concurrency),
        Bad = parse.GetValue(_bad),
        Wait = parse.GetValue(_wait),
        WaitTimeout = parse.GetValue(_waitTimeout) ?? new PushOrderOptions().WaitTimeout,
        Workload = new WorkloadOptions
        {
            Prefix = parse.GetValue(_prefix) ?? NewRunPrefix(),
            Seed = parse.GetValue(_seed) ?? Random.Shared.Next(),
            Customer = parse.GetValue(_customer),
            ItemsPerOrder = parse.GetValue(_items),
            Amounts = parse.GetValue(_amounts),
            DeclineShare = parse.GetValue(_declineShare),
            DuplicateShare = parse.GetValue(_duplicates),
        },
    };

    private void AddChecks()
    {
        _count.Require(n => n >= 0, n => $"--count must be 0 or more (was {n})");
        _rate.Require(r => double.IsFinite(r) && r >= 0, r => $"--rate must be 0 (as fast as acks allow) or a positive number of orders per second (was {Text(r)})");
        _concurrency.Require(c => c is >= 1 and <= 10_000, c => $"--concurrency must be 1 to 10000 (was {c})");
        _items.Require(i => i is >= 1 and <= 100, i => $"--items must be 1 to 100, the contract's limit (was {i})");
        _declineShare.Require(s => s is >= 0 and <= 1, s => $"--decline-share must be a share from 0 to 1, e.g. 0.1 (was {Text(s)})");
        _duplicates.Require(s => s is >= 0 and <= 1, s => $"--duplicates must be a share from 0 to 1, e.g. 0.05 (was {Text(s)})");
        _bad.Require(b => b >= 0, b => $"--bad must be 0 or more (was {b})");
        _customer.Require(c => c is null || Identifiers.IsValid(c), c => $"--customer must be 1 to 64 characters of A-Z a-z 0-9 _ - (was '{c}')");
        _prefix.Require(p => p is null || (p.Length <= MaxPrefixLength && Identifiers.IsValid(p)), p => $"--prefix must be 1 to {MaxPrefixLength} characters of A-Z a-z 0-9 _ - (was '{p}')");
        _waitTimeout.Require(t => t is null || t > TimeSpan.Zero, _ => "--wait-timeout must be longer than 0");
    }

    private static AmountRange ParseAmountRange(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (!AmountRange.TryParse(text, out var error, out var range))
        {
            result.AddError($"--amount-range {error}");
        }
        else if (range.Min < 1m)
        {
            result.AddError($"--amount-range must start at 1.00 or more (was '{text}')");
        }
        else if (range.Max > WorkloadOptions.DeclineLimit)
        {
            result.AddError($"--amount-range must end at or below the decline limit 1000.00 (was '{text}'); use --decline-share for orders above it");
        }

        return range;
    }

    /// <summary><c>o-</c> and five base-36 characters: short, and unlikely to repeat within a stream's lifetime of runs.</summary>
    private static string NewRunPrefix()
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        Span<char> id = stackalloc char[5];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = alphabet[Random.Shared.Next(alphabet.Length)];
        }

        return $"o-{id}";
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
