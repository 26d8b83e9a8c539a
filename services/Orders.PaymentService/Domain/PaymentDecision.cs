using Orders.Contracts;

namespace Orders.PaymentService.Domain;

/// <summary>What the payment actor must do with one message, as decided by <see cref="PaymentDecider"/>.</summary>
public abstract record PaymentDecision
{
    private PaymentDecision()
    {
    }

    /// <summary>
    /// Take the money: store <see cref="State"/> first (so a cancellation handled meanwhile,
    /// on any instance, sees a charge under way), then send <see cref="Request"/> to the gateway
    /// and pass its answer, with the then-current state, to <see cref="PaymentDecider.ApplyGatewayOutcome"/>.
    /// </summary>
    public sealed record Charge(Payment State, ChargeRequest Request) : PaymentDecision;

    /// <summary>In one transaction store <see cref="State"/> and put <see cref="Events"/> in the outbox, in order.</summary>
    public sealed record Emit(Payment State, IReadOnlyList<IPaymentEvent> Events) : PaymentDecision;

    /// <summary>Store <see cref="State"/>; nothing to publish (e.g. a cancellation remembered for later).</summary>
    public sealed record Record(Payment State) : PaymentDecision;

    /// <summary>A duplicate or redelivery of something already applied: acknowledge, change nothing.</summary>
    public sealed record AlreadyApplied : PaymentDecision
    {
        public static AlreadyApplied Instance { get; } = new();

        private AlreadyApplied()
        {
        }
    }

    /// <summary>Valid and expected, but nothing to do (<see cref="Why"/> is for the log): acknowledge.</summary>
    public sealed record Ignore(string Why) : PaymentDecision;

    /// <summary>The gateway failed transiently: change nothing and let the message come again later (nak with delay).</summary>
    public sealed record Retry(string Reason) : PaymentDecision;
}
