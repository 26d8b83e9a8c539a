using Orders.PaymentService.Domain;
using Orders.PaymentService.Gateway;

namespace Orders.PaymentService.Payments;

/// <summary>payment-service settings (configuration section <c>Payments</c>).</summary>
internal sealed record PaymentOptions
{
    public const string Section = "Payments";

    /// <summary>Orders with a total above this are declined with <c>limit-exceeded</c> (contract default 1000.00).</summary>
    public decimal DeclineAbove { get; init; } = PaymentPolicy.Default.DeclineAbove;

    /// <summary>Section <c>Payments:Gateway</c>.</summary>
    public GatewayOptions Gateway { get; init; } = new();

    public PaymentPolicy Policy => new(DeclineAbove);

    internal IEnumerable<string> Problems()
    {
        if (DeclineAbove < 0)
        {
            yield return "Payments:DeclineAbove must not be negative.";
        }

        foreach (var problem in Gateway.Problems())
        {
            yield return problem;
        }
    }
}
