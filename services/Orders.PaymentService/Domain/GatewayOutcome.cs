namespace Orders.PaymentService.Domain;

/// <summary>What the gateway answered to a <see cref="ChargeRequest"/>: an input to <see cref="PaymentDecider.ApplyGatewayOutcome"/>.</summary>
public abstract record GatewayOutcome
{
    private GatewayOutcome()
    {
    }

    /// <summary>The money was taken.</summary>
    public sealed record Captured : GatewayOutcome
    {
        public static Captured Instance { get; } = new();

        private Captured()
        {
        }
    }

    /// <summary>The gateway could not answer now and took no money; try again later.</summary>
    public sealed record TransientFailure(string Reason) : GatewayOutcome;
}
