namespace Orders.Nats.JetStream.Internal;

// Request and response bodies of the JetStream JSON API that have no public counterpart.

/// <summary>The <c>error</c> object every failing API response carries.</summary>
internal sealed record ApiError(int Code, int ErrCode, string? Description);

/// <summary>Just enough of any response to see whether it is an error.</summary>
internal sealed record ApiErrorResponse(ApiError? Error);

internal sealed record ConsumerCreateRequest(string StreamName, ConsumerConfig Config);

internal sealed record SuccessResponse(bool Success);

internal sealed record PurgeResponse(bool Success, ulong Purged);

internal sealed record MsgGetRequest(ulong Seq);

internal sealed record MsgGetResponse(StoredMsgWire? Message);

/// <summary>A stored message as the API returns it: payload and header block base64-encoded.</summary>
internal sealed record StoredMsgWire(string Subject, ulong Seq, byte[]? Data, byte[]? Hdrs, DateTimeOffset Time);

/// <summary>Body of <c>$JS.API.CONSUMER.MSG.NEXT.&lt;stream&gt;.&lt;consumer&gt;</c>.</summary>
internal sealed record PullRequest(int Batch, TimeSpan? Expires, bool NoWait, TimeSpan? IdleHeartbeat);
