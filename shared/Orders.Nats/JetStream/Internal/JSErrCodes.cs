namespace Orders.Nats.JetStream.Internal;

/// <summary>The <c>err_code</c> values this client maps to their own exception types.</summary>
internal static class JSErrCodes
{
    public const int ConsumerNotFound = 10014;
    public const int NoMessageFound = 10037;
    public const int StreamNameInUse = 10058;
    public const int StreamNotFound = 10059;
    public const int StreamNotMatch = 10060;
    public const int StreamWrongLastMsgId = 10070;
    public const int StreamWrongLastSequence = 10071;
}
