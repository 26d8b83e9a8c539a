using System.Text.Json.Serialization;

namespace Orders.Nats.JetStream;

// The JetStream API spells these as lower-case (snake_case) strings; each enum carries its own
// converter so the wire names live next to the values.

/// <summary>When a stream may drop messages.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StreamRetention>))]
public enum StreamRetention
{
    /// <summary>Keep messages until a limit (age, count, size) is reached.</summary>
    [JsonStringEnumMemberName("limits")] Limits,
    /// <summary>Keep messages while any consumer has not acknowledged them.</summary>
    [JsonStringEnumMemberName("interest")] Interest,
    /// <summary>Remove a message once it is acknowledged.</summary>
    [JsonStringEnumMemberName("workqueue")] WorkQueue,
}

/// <summary>Where a stream keeps its messages.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StreamStorage>))]
public enum StreamStorage
{
    /// <summary>On disk (survives a restart).</summary>
    [JsonStringEnumMemberName("file")] File,
    /// <summary>In memory only.</summary>
    [JsonStringEnumMemberName("memory")] Memory,
}

/// <summary>What a full stream discards.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StreamDiscard>))]
public enum StreamDiscard
{
    /// <summary>Drop the oldest messages.</summary>
    [JsonStringEnumMemberName("old")] Old,
    /// <summary>Refuse new messages.</summary>
    [JsonStringEnumMemberName("new")] New,
}

/// <summary>Where a new consumer starts in its stream.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConsumerDeliverPolicy>))]
public enum ConsumerDeliverPolicy
{
    /// <summary>From the first message.</summary>
    [JsonStringEnumMemberName("all")] All,
    /// <summary>From the last message.</summary>
    [JsonStringEnumMemberName("last")] Last,
    /// <summary>Only messages published after the consumer was created.</summary>
    [JsonStringEnumMemberName("new")] New,
    /// <summary>From <see cref="ConsumerConfig.OptStartSeq"/>.</summary>
    [JsonStringEnumMemberName("by_start_sequence")] ByStartSequence,
    /// <summary>From <see cref="ConsumerConfig.OptStartTime"/>.</summary>
    [JsonStringEnumMemberName("by_start_time")] ByStartTime,
    /// <summary>The last message of every subject.</summary>
    [JsonStringEnumMemberName("last_per_subject")] LastPerSubject,
}

/// <summary>How a consumer expects acknowledgements.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConsumerAckPolicy>))]
public enum ConsumerAckPolicy
{
    /// <summary>No acks: a message counts as handled once delivered.</summary>
    [JsonStringEnumMemberName("none")] None,
    /// <summary>Acking a message acks every earlier one too.</summary>
    [JsonStringEnumMemberName("all")] All,
    /// <summary>Every message is acked on its own (what this sample uses).</summary>
    [JsonStringEnumMemberName("explicit")] Explicit,
}

/// <summary>How fast a consumer replays stored messages.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConsumerReplayPolicy>))]
public enum ConsumerReplayPolicy
{
    /// <summary>As fast as possible.</summary>
    [JsonStringEnumMemberName("instant")] Instant,
    /// <summary>At the pace they were published.</summary>
    [JsonStringEnumMemberName("original")] Original,
}
