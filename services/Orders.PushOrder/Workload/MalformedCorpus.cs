using System.Globalization;
using System.Text;
using Orders.Contracts.Messaging;

namespace Orders.PushOrder.Workload;

/// <summary>
/// Commands order-service must dead-letter, one of each kind in turn: broken JSON, missing or
/// mistyped fields, invalid ids, amounts and quantities out of range, a status that cannot be
/// requested. Each has a unique <c>Nats-Msg-Id</c> so JetStream stores every one.
/// </summary>
internal sealed class MalformedCorpus(string prefix, string currency)
{
    private static readonly (string Description, string Subject, string Template)[] Kinds =
    [
        ("not JSON (truncated)", Subjects.Commands.SubmitOrder, """{"orderId":"{id}","customerId":"c-1","items":[{"sku":"""),
        ("empty payload", Subjects.Commands.SubmitOrder, ""),
        ("missing customerId", Subjects.Commands.SubmitOrder, """{"orderId":"{id}","currency":"{cur}","items":[{"sku":"SKU-1","quantity":1,"unitPrice":10.00}]}"""),
        ("invalid orderId", Subjects.Commands.SubmitOrder, """{"orderId":"{id} has spaces/slashes!","customerId":"c-1","currency":"{cur}","items":[{"sku":"SKU-1","quantity":1,"unitPrice":10.00}]}"""),
        ("negative unitPrice", Subjects.Commands.SubmitOrder, """{"orderId":"{id}","customerId":"c-1","currency":"{cur}","items":[{"sku":"SKU-1","quantity":1,"unitPrice":-5.00}]}"""),
        ("quantity 0", Subjects.Commands.SubmitOrder, """{"orderId":"{id}","customerId":"c-1","currency":"{cur}","items":[{"sku":"SKU-1","quantity":0,"unitPrice":10.00}]}"""),
        ("no items", Subjects.Commands.SubmitOrder, """{"orderId":"{id}","customerId":"c-1","currency":"{cur}","items":[]}"""),
        ("three fraction digits", Subjects.Commands.SubmitOrder, """{"orderId":"{id}","customerId":"c-1","currency":"{cur}","items":[{"sku":"SKU-1","quantity":1,"unitPrice":10.005}]}"""),
        ("invalid currency", Subjects.Commands.SubmitOrder, """{"orderId":"{id}","customerId":"c-1","currency":"dollars","items":[{"sku":"SKU-1","quantity":1,"unitPrice":10.00}]}"""),
        ("quantity is a string", Subjects.Commands.SubmitOrder, """{"orderId":"{id}","customerId":"c-1","currency":"{cur}","items":[{"sku":"SKU-1","quantity":"two","unitPrice":10.00}]}"""),
        ("unknown status Paid", Subjects.Commands.UpdateStatus, """{"requestId":"{id}","orderId":"{id}","status":"Paid"}"""),
    ];

    /// <summary>How many different kinds there are (command k is of kind k modulo this).</summary>
    public static int KindCount => Kinds.Length;

    /// <summary>The <paramref name="index"/>th malformed command (0-based).</summary>
    public OutgoingCommand Command(int index)
    {
        var (description, subject, template) = Kinds[index % Kinds.Length];
        var id = string.Create(CultureInfo.InvariantCulture, $"{prefix}-bad-{index + 1}");
        var payload = template.Replace("{id}", id, StringComparison.Ordinal).Replace("{cur}", currency, StringComparison.Ordinal);
        var msgId = $"{Subjects.LastToken(subject)}:{id}";
        return new OutgoingCommand(CommandKind.Malformed, subject, msgId, Encoding.UTF8.GetBytes(payload), OrderId: null, Description: description);
    }
}
