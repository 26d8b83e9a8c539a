using Orders.PaymentService.Domain;

namespace Orders.PaymentService.Gateway;

/// <summary>
/// The payment provider. Implementations must be idempotent by <see cref="ChargeRequest.PaymentId"/>
/// (a repeated charge returns the first capture) and must take no money when they answer
/// <see cref="GatewayOutcome.TransientFailure"/>: the payment rules rely on both.
/// </summary>
internal interface IPaymentGateway
{
    ValueTask<GatewayOutcome> ChargeAsync(ChargeRequest request, CancellationToken ct);
}
