using System.Text.Json;
using System.Text.Json.Serialization;
using Orders.Contracts.Json.Internal;

namespace Orders.Contracts.Json;

/// <summary>
/// Source-generated System.Text.Json metadata for every message of the contract: no reflection
/// at run time, trimming and AOT safe. The options encode the contract's reading rules: camelCase
/// names, unknown properties ignored, required constructor parameters and non-nullable
/// properties enforced (a missing <c>orderId</c> fails instead of becoming null), enums as
/// names, timestamps as ISO-8601 UTC with milliseconds.
/// Prefer <see cref="OrdersJson"/>, which turns every reading failure into a plain error.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(SubmitOrder))]
[JsonSerializable(typeof(UpdateStatus))]
[JsonSerializable(typeof(OrderCreated))]
[JsonSerializable(typeof(OrderPaid))]
[JsonSerializable(typeof(OrderPaymentFailed))]
[JsonSerializable(typeof(OrderShipped))]
[JsonSerializable(typeof(OrderDelivered))]
[JsonSerializable(typeof(OrderCancelled))]
[JsonSerializable(typeof(OrderUpdateRejected))]
[JsonSerializable(typeof(PaymentCaptured))]
[JsonSerializable(typeof(PaymentDeclined))]
[JsonSerializable(typeof(PaymentRefunded))]
public sealed partial class OrdersJsonContext : JsonSerializerContext;
