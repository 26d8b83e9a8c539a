namespace Orders.PaymentService.Domain;

/// <summary>The payment rules that are settings (<c>Payments:*</c> in configuration).</summary>
/// <param name="DeclineAbove">Orders with a total above this are declined with <c>limit-exceeded</c>.</param>
public sealed record PaymentPolicy(decimal DeclineAbove = 1000.00m)
{
    /// <summary>The contract's defaults.</summary>
    public static PaymentPolicy Default { get; } = new();
}
