using System.Globalization;

namespace Orders.Contracts.Messaging;

/// <summary>
/// Deterministic message ids: the same logical event always gets the same id, so a re-publish
/// after a crash is dropped by the stream's duplicate window and by consumers' inboxes.
/// The <c>&lt;type&gt;</c> is the last token of the subject.
/// </summary>
public static class EventIds
{
    /// <summary>Order event: <c>&lt;type&gt;:&lt;orderId&gt;:&lt;version&gt;</c>, e.g. <c>created:o-42:1</c>.</summary>
    public static string ForOrderEvent(string subject, string orderId, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"{Subjects.LastToken(subject)}:{orderId}:{version}");

    /// <summary>Payment event: <c>&lt;type&gt;:&lt;orderId&gt;</c>, e.g. <c>captured:o-42</c>.</summary>
    public static string ForPaymentEvent(string subject, string orderId) =>
        $"{Subjects.LastToken(subject)}:{orderId}";

    /// <summary>Rejection: <c>update-rejected:&lt;requestId&gt;</c>.</summary>
    public static string ForRejection(string requestId) =>
        $"{Subjects.LastToken(Subjects.Orders.UpdateRejected)}:{requestId}";

    /// <summary>The <c>Nats-Msg-Id</c> of a submit-order command: <c>submit-order:&lt;orderId&gt;</c>.</summary>
    public static string ForSubmitOrder(string orderId) =>
        $"{Subjects.LastToken(Subjects.Commands.SubmitOrder)}:{orderId}";

    /// <summary>The <c>Nats-Msg-Id</c> of an update-status command: <c>update-status:&lt;requestId&gt;</c>.</summary>
    public static string ForUpdateStatus(string requestId) =>
        $"{Subjects.LastToken(Subjects.Commands.UpdateStatus)}:{requestId}";
}
