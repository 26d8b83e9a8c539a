using Orders.Nats.JetStream.Internal;

namespace Orders.Nats.JetStream;

/// <summary>
/// The server refused a JetStream API call or a publish with
/// <c>{"error":{"code","err_code","description"}}</c>. Common cases have their own subclasses;
/// match on <see cref="ErrCode"/> for the rest (see the nats-server error catalogue).
/// </summary>
public class NatsJSApiException : NatsJSException
{
    /// <summary>Creates the exception from the server's error fields.</summary>
    public NatsJSApiException(int code, int errCode, string description)
        : base($"JetStream error {errCode} ({code}): {description}")
    {
        Code = code;
        ErrCode = errCode;
        Description = description;
    }

    /// <summary>HTTP-like status, e.g. 400, 404, 503.</summary>
    public int Code { get; }

    /// <summary>JetStream's own error number, e.g. 10059 for "stream not found".</summary>
    public int ErrCode { get; }

    /// <summary>The server's description.</summary>
    public string Description { get; }

    /// <summary>Maps a server error to the most specific exception type.</summary>
    internal static NatsJSApiException From(ApiError error)
    {
        var description = error.Description ?? "(no description)";
        return error.ErrCode switch
        {
            JSErrCodes.StreamNotFound => new NatsJSStreamNotFoundException(error.Code, description),
            JSErrCodes.ConsumerNotFound => new NatsJSConsumerNotFoundException(error.Code, description),
            JSErrCodes.StreamNameInUse => new NatsJSStreamNameInUseException(error.Code, description),
            JSErrCodes.NoMessageFound => new NatsJSMessageNotFoundException(error.Code, description),
            JSErrCodes.StreamWrongLastSequence => new NatsJSWrongLastSequenceException(error.Code, description),
            JSErrCodes.StreamWrongLastMsgId => new NatsJSWrongLastMsgIdException(error.Code, description),
            JSErrCodes.StreamNotMatch => new NatsJSStreamNotMatchException(error.Code, description),
            _ => new NatsJSApiException(error.Code, error.ErrCode, description),
        };
    }
}

/// <summary>10059: the stream does not exist.</summary>
public sealed class NatsJSStreamNotFoundException(int code, string description)
    : NatsJSApiException(code, JSErrCodes.StreamNotFound, description);

/// <summary>10014: the consumer does not exist.</summary>
public sealed class NatsJSConsumerNotFoundException(int code, string description)
    : NatsJSApiException(code, JSErrCodes.ConsumerNotFound, description);

/// <summary>10058: a stream with this name exists with a different configuration.</summary>
public sealed class NatsJSStreamNameInUseException(int code, string description)
    : NatsJSApiException(code, JSErrCodes.StreamNameInUse, description);

/// <summary>10037: no message at the requested sequence.</summary>
public sealed class NatsJSMessageNotFoundException(int code, string description)
    : NatsJSApiException(code, JSErrCodes.NoMessageFound, description);

/// <summary>10071: publish refused because <c>Nats-Expected-Last-Sequence</c> did not match.</summary>
public sealed class NatsJSWrongLastSequenceException(int code, string description)
    : NatsJSApiException(code, JSErrCodes.StreamWrongLastSequence, description);

/// <summary>10070: publish refused because <c>Nats-Expected-Last-Msg-Id</c> did not match.</summary>
public sealed class NatsJSWrongLastMsgIdException(int code, string description)
    : NatsJSApiException(code, JSErrCodes.StreamWrongLastMsgId, description);

/// <summary>10060: publish refused because <c>Nats-Expected-Stream</c> names another stream.</summary>
public sealed class NatsJSStreamNotMatchException(int code, string description)
    : NatsJSApiException(code, JSErrCodes.StreamNotMatch, description);
