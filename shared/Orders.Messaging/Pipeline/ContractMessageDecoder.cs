using System.Collections.Frozen;
using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;

namespace Orders.Messaging.Pipeline;

/// <summary>
/// Turns a delivered message into a contract record: the subject names the type (its row of
/// <see cref="ContractRegistry"/>), the payload is read with <see cref="OrdersJson.TryDeserialize{T}"/> and checked (commands with
/// <see cref="Orders.Contracts.Validation.CommandValidator"/>, events for a usable id and order id). Never throws for bad
/// input: every problem becomes an <see cref="DecodeResult.Invalid"/> reason in plain words, so a
/// bad message is dead-lettered instead of stopping the consumer.
/// </summary>
public sealed class ContractMessageDecoder
{
    private delegate DecodeResult DecodeFunc(ReadOnlySpan<byte> payload);

    // One decoder per row of the contract registry, made once with the record type known at compile
    // time, so decoding a message is one dictionary look-up and no reflection.
    private static readonly FrozenDictionary<string, DecodeFunc> Decoders = ContractRegistry.All
        .ToFrozenDictionary(message => message.Subject, message => message.Accept(DecoderFactory.Instance), StringComparer.Ordinal);

    private readonly IReadOnlySet<string>? _handledSubjects;

    /// <summary>Creates a decoder; <paramref name="handledSubjects"/> limits what is decoded (others are <see cref="DecodeResult.Ignore"/>), null decodes all.</summary>
    public ContractMessageDecoder(IReadOnlySet<string>? handledSubjects = null)
    {
        if (handledSubjects?.FirstOrDefault(s => !Decoders.ContainsKey(s)) is { } unknown)
        {
            throw new ArgumentException($"'{unknown}' is not a command or event subject of the contract.", nameof(handledSubjects));
        }

        _handledSubjects = handledSubjects;
    }

    /// <summary>Every command and event subject the decoder knows.</summary>
    public static IReadOnlyCollection<string> KnownSubjects => Decoders.Keys;

    /// <summary>Decodes and validates one message.</summary>
    public DecodeResult Decode(string subject, ReadOnlySpan<byte> payload)
    {
        if (subject is null || !Decoders.TryGetValue(subject, out var decode))
        {
            return new DecodeResult.Invalid($"unknown subject {subject}: not a command or event of the contract");
        }

        if (_handledSubjects is not null && !_handledSubjects.Contains(subject))
        {
            return DecodeResult.Ignore.Instance;
        }

        return decode(payload);
    }

    private static DecodeResult Decode<T>(ReadOnlySpan<byte> payload, ContractMessage<T> contract)
        where T : class
    {
        if (!OrdersJson.TryDeserialize<T>(payload, out var message, out var error))
        {
            return new DecodeResult.Invalid(OneLine(error));
        }

        var problems = contract.Validate is { } validate ? validate(message) : CheckEvent((IEvent)message);
        if (problems.Count > 0)
        {
            return new DecodeResult.Invalid(OneLine(string.Join("; ", problems)));
        }

        return new DecodeResult.Ok(message, contract.OrderId(message), contract.MessageId(message)) { IncomingFactory = IncomingFactory<T>.Create };
    }

    /// <summary>
    /// Events come from our own services, so only what the pipeline itself relies on is checked:
    /// the order id keys the actor, the event id keys the inbox.
    /// </summary>
    private static IReadOnlyList<string> CheckEvent(IEvent evt)
    {
        List<string>? problems = null;
        if (string.IsNullOrWhiteSpace(evt.EventId))
        {
            (problems ??= []).Add("eventId must not be empty");
        }

        if (!Identifiers.IsValid(evt.OrderId))
        {
            (problems ??= []).Add($"orderId must be 1 to {Identifiers.MaxLength} characters of A-Z, a-z, 0-9, '_' or '-' (was \"{evt.OrderId}\")");
        }

        return problems ?? (IReadOnlyList<string>)[];
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private sealed class DecoderFactory : IContractMessageVisitor<DecodeFunc>
    {
        public static readonly DecoderFactory Instance = new();

        public DecodeFunc Visit<T>(ContractMessage<T> message)
            where T : class =>
            payload => Decode(payload, message);
    }

    private static class IncomingFactory<T>
        where T : class
    {
        public static readonly Func<DecodeResult.Ok, string, DeliveryInfo, object> Create =
            (ok, subject, delivery) => new Incoming<T>((T)ok.Message, ok.MessageId, subject, delivery);
    }
}
