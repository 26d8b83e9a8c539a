using System.Globalization;
using System.Text;

namespace Orders.Testing.SystemUnderTest.Workload;

/// <summary>What a workload run sent and saw, and what the system must now look like.</summary>
/// <param name="Expectations">Final status of every order and every bad message's stream sequence, for <see cref="SystemInvariants"/>.</param>
/// <param name="Orders">Orders submitted.</param>
/// <param name="CommandsPublished">Every command published (submits, updates, duplicates, bad messages).</param>
/// <param name="DuplicateSubmits">Submits re-sent under a new <c>Nats-Msg-Id</c>.</param>
/// <param name="DuplicateUpdates">Updates re-sent with the same request id.</param>
/// <param name="StaleUpdates">Updates sent with a stale <c>expectedVersion</c>.</param>
/// <param name="BadMessages">Bad messages published.</param>
/// <param name="Rejections">orders.update-rejected seen, by reason.</param>
/// <param name="Elapsed">From the first submit to the last order reaching its final status.</param>
/// <param name="Republished">Publishes sent again with the same <c>Nats-Msg-Id</c> because their ack did not come (e.g. while the server restarted).</param>
public sealed record WorkloadResult(
    SystemExpectations Expectations,
    int Orders,
    int CommandsPublished,
    int DuplicateSubmits,
    int DuplicateUpdates,
    int StaleUpdates,
    int BadMessages,
    IReadOnlyDictionary<string, int> Rejections,
    TimeSpan Elapsed,
    int Republished = 0)
{
    /// <summary>A Markdown list of the figures.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"- orders: {Orders} ({CommandsPublished} commands published in {Elapsed.TotalSeconds:0.0} s until every order was final)");
        text.AppendLine(CultureInfo.InvariantCulture, $"- duplicates sent: {DuplicateSubmits} submits under a new Nats-Msg-Id, {DuplicateUpdates} updates with a repeated request id");
        text.AppendLine(CultureInfo.InvariantCulture, $"- stale expectedVersion updates: {StaleUpdates}; bad messages: {BadMessages}; re-sent after a lost ack: {Republished}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- rejections seen: {(Rejections.Count == 0 ? "none" : string.Join(", ", Rejections.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}")))}");
        return text.ToString();
    }
}
