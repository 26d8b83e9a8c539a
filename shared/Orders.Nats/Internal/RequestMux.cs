using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Orders.Nats.Internal;

/// <summary>
/// All requests share one wildcard inbox subscription (<c>_INBOX.&lt;nuid&gt;.*</c>); the last token
/// of the reply subject says which request a reply belongs to. One SUB per connection instead of one per request.
/// </summary>
internal sealed class RequestMux : SubscriptionBase
{
    private readonly ConcurrentDictionary<long, PendingRequest> _pending = new();
    private readonly Lock _idleGate = new();
    private TaskCompletionSource? _idle;
    private readonly string _prefix;
    private readonly int _prefixByteCount;
    private long _nextId;

    public RequestMux(NatsConnection connection, long sid, string inboxBase)
        : base(connection, sid, inboxBase + ".*", queueGroup: null)
    {
        _prefix = inboxBase + ".";
        _prefixByteCount = Encoding.UTF8.GetByteCount(_prefix);
    }

    /// <summary>Set when the server refused the inbox subscription; the connection then makes a new mux.</summary>
    public Exception? Error { get; private set; }

    public PendingRequest Register(string subject)
    {
        var id = Interlocked.Increment(ref _nextId);
        var request = new PendingRequest(id, subject, _prefix + id.ToString(CultureInfo.InvariantCulture));
        _pending[id] = request;
        return request;
    }

    public void Forget(PendingRequest request)
    {
        if (_pending.TryRemove(request.Id, out _))
        {
            SignalIfIdle();
        }
    }

    /// <summary>Completes once no request is waiting for a reply (each one ends by reply, error or its timeout).</summary>
    public Task WhenIdleAsync()
    {
        lock (_idleGate)
        {
            if (_pending.IsEmpty)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    public override void Deliver(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
        if (subject.Length <= _prefixByteCount || !TryParseId(subject[_prefixByteCount..], out var id))
        {
            return;
        }

        if (_pending.TryRemove(id, out var request))
        {
            request.Completion.TrySetResult(CreateMsg(subject, replyTo, headers, payload));
            SignalIfIdle();
        }
    }

    /// <summary>The server refused a publish to <paramref name="subject"/>: requests to it will never get an answer.</summary>
    public void FailRequestsTo(string subject, Exception error)
    {
        foreach (var (id, request) in _pending)
        {
            if (string.Equals(request.Subject, subject, StringComparison.Ordinal) && _pending.TryRemove(id, out _))
            {
                request.Completion.TrySetException(error);
            }
        }

        SignalIfIdle();
    }

    public override void Fault(Exception error)
    {
        Error = error;
        FailAll(error);
    }

    public override void Complete() => FailAll(new NatsConnectionClosedException("The connection was closed before the reply arrived."));

    private void FailAll(Exception error)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var request))
            {
                request.Completion.TrySetException(error);
            }
        }

        SignalIfIdle();
    }

    private void SignalIfIdle()
    {
        TaskCompletionSource? idle = null;
        lock (_idleGate)
        {
            if (_pending.IsEmpty && _idle is not null)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }

    private static bool TryParseId(ReadOnlySpan<byte> token, out long id)
    {
        id = 0;
        if (token.IsEmpty || token.Length > 18)
        {
            return false;
        }

        foreach (var b in token)
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            id = (id * 10) + digit;
        }

        return true;
    }
}
