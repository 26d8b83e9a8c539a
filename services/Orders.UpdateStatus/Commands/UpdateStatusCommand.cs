using System.CommandLine;
using System.CommandLine.Parsing;
using Orders.Contracts;
using Orders.Contracts.Validation;
using Orders.Drivers;
using Orders.UpdateStatus.Follow;
using Orders.UpdateStatus.Updates;

namespace Orders.UpdateStatus.Commands;

/// <summary>The <c>update-status</c> command line: one update, or <c>--follow</c> to work the queue.</summary>
internal sealed class UpdateStatusCommand
{
    public const string Name = "update-status";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Option<string?> _order = new("--order") { Description = "Order id to update" };
    private readonly Option<OrderStatus?> _status = new("--status")
    {
        Description = "Shipped, Delivered or Cancelled",
        CustomParser = ParseStatus,
    };
    private readonly Option<int?> _expectedVersion = new("--expected-version") { Description = "Apply only if the order is at this version (optimistic concurrency)" };
    private readonly Option<string?> _requestId = new("--request-id") { Description = "Request id; the same id again changes nothing [default: a new unique id]" };
    private readonly Option<TimeSpan?> _timeout = new("--timeout")
    {
        Description = "How long to wait for an outcome, e.g. 5s [default: 10s]",
        HelpName = "duration",
        CustomParser = result => Durations.Parse(result),
    };
    private readonly Option<bool> _follow = new("--follow") { Description = "Work the queue: ship, then deliver, paid orders as they appear, until Ctrl-C" };
    private readonly Option<bool> _fromStart = new("--from-start") { Description = "With --follow: replay ORDERS from the start instead of only new events" };
    private readonly Option<TimeSpan?> _shipDelay = new("--ship-delay")
    {
        Description = "With --follow: wait this long after an order is paid before shipping it [default: 0s]",
        HelpName = "duration",
        CustomParser = result => Durations.Parse(result),
    };
    private readonly Option<TimeSpan?> _deliverDelay = new("--deliver-delay")
    {
        Description = "With --follow: wait this long after an order is shipped before delivering it [default: 0s]",
        HelpName = "duration",
        CustomParser = result => Durations.Parse(result),
    };
    private readonly Option<double> _cancelShare = new("--cancel-share") { Description = "With --follow: share (0-1) of paid orders cancelled instead of shipped" };
    private readonly Option<int?> _seed = new("--seed") { Description = "With --follow: seed of the cancel choice [default: random]" };
    private readonly Option<int?> _maxActions = new("--max-actions") { Description = "With --follow: stop after this many updates have their outcome" };

    private UpdateStatusCommand(DriverConsole console)
    {
        Root = new RootCommand("Changes an order's status (commands.update-status) and reports the outcome, or works the queue with --follow.")
        {
            _order, _status, _expectedVersion, _requestId, _timeout, _follow, _fromStart, _shipDelay, _deliverDelay, _cancelShare, _seed, _maxActions,
        };
        Nats = NatsCliOptions.AddTo(Root);
        AddChecks();
        Root.SetAction((parse, ct) =>
        {
            var nats = Nats.Bind(parse);
            var json = parse.GetValue(Nats.Json);
            return parse.GetValue(_follow)
                ? UpdateStatusAction.FollowAsync(BindFollow(parse), nats, json, console, ct)
                : UpdateStatusAction.UpdateAsync(BindRequest(parse), parse.GetValue(_timeout) ?? DefaultTimeout, nats, json, console, ct);
        });
    }

    public RootCommand Root { get; }

    private NatsCliOptions Nats { get; }

    public static RootCommand Create(DriverConsole console) => new UpdateStatusCommand(console).Root;

    private StatusRequest BindRequest(ParseResult parse)
    {
        foreach (var followOnly in new Option[] { _fromStart, _shipDelay, _deliverDelay, _cancelShare, _seed, _maxActions })
        {
            if (parse.GetResult(followOnly) is { Implicit: false })
            {
                throw new DriverException($"{followOnly.Name} only applies with --follow");
            }
        }

        var order = parse.GetValue(_order) ?? throw new DriverException("--order is required (or use --follow), e.g. update-status --order o-1 --status Shipped");
        var status = parse.GetValue(_status) ?? throw new DriverException("--status is required: Shipped, Delivered or Cancelled");
        return new StatusRequest(parse.GetValue(_requestId) ?? NewRequestId(), order, status, parse.GetValue(_expectedVersion));
    }

    private FollowOptions BindFollow(ParseResult parse)
    {
        foreach (var singleOnly in new Option[] { _order, _status, _expectedVersion, _requestId })
        {
            if (parse.GetResult(singleOnly) is { Implicit: false })
            {
                throw new DriverException($"{singleOnly.Name} does not apply with --follow (it finds the orders itself)");
            }
        }

        return new FollowOptions
        {
            FromStart = parse.GetValue(_fromStart),
            ShipDelay = parse.GetValue(_shipDelay) ?? TimeSpan.Zero,
            DeliverDelay = parse.GetValue(_deliverDelay) ?? TimeSpan.Zero,
            CancelShare = parse.GetValue(_cancelShare),
            Seed = parse.GetValue(_seed) ?? Random.Shared.Next(),
            MaxActions = parse.GetValue(_maxActions),
            OutcomeTimeout = parse.GetValue(_timeout) ?? DefaultTimeout,
            RequestPrefix = "op-" + ShortId(),
        };
    }

    private void AddChecks()
    {
        _order.Require(o => o is null || Identifiers.IsValid(o), o => $"--order must be an order id: 1 to 64 characters of A-Z a-z 0-9 _ - (was '{o}')");
        _requestId.Require(r => r is null || Identifiers.IsValid(r), r => $"--request-id must be 1 to 64 characters of A-Z a-z 0-9 _ - (was '{r}')");
        _expectedVersion.Require(v => v is null or >= 1, v => $"--expected-version must be 1 or more (was {v})");
        _timeout.Require(t => t is null || t > TimeSpan.Zero, _ => "--timeout must be longer than 0");
        _cancelShare.Require(s => s is >= 0 and <= 1, s => $"--cancel-share must be a share from 0 to 1, e.g. 0.1 (was {s.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        _maxActions.Require(m => m is null or >= 1, m => $"--max-actions must be 1 or more (was {m})");
    }

    private static OrderStatus? ParseStatus(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        foreach (var status in CommandValidator.RequestableStatuses)
        {
            if (string.Equals(text, status.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return status;
            }
        }

        result.AddError($"--status must be Shipped, Delivered or Cancelled (was '{text}')");
        return null;
    }

    private static string NewRequestId() => "r-" + ShortId();

    private static string ShortId() => Guid.NewGuid().ToString("N")[..10];
}
