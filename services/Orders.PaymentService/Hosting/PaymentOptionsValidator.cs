using Microsoft.Extensions.Options;
using Orders.PaymentService.Payments;

namespace Orders.PaymentService.Hosting;

/// <summary>Refuses to start with settings that make no sense, naming each one.</summary>
internal sealed class PaymentOptionsValidator : IValidateOptions<PaymentOptions>
{
    public ValidateOptionsResult Validate(string? name, PaymentOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
