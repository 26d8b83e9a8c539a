using System.Security.Cryptography;

namespace Orders.Nats.Internal;

/// <summary>
/// Unique 22-character base-62 identifiers (random 12-char prefix + 10-char sequence with a random
/// increment), the scheme NATS clients use for inboxes: cheap, and unguessable enough for reply subjects.
/// </summary>
internal sealed class Nuid
{
    private const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int PrefixLength = 12;
    private const int SequenceLength = 10;
    private const long MaxSequence = 839_299_365_868_340_224; // 62^10

    private static readonly Nuid Shared = new();

    private readonly Lock _gate = new();
    private readonly char[] _prefix = new char[PrefixLength];
    private long _sequence;
    private long _increment;

    private Nuid()
    {
        Reset();
    }

    public static string Next() => Shared.NextCore();

    private string NextCore()
    {
        Span<char> result = stackalloc char[PrefixLength + SequenceLength];
        lock (_gate)
        {
            _sequence += _increment;
            if (_sequence >= MaxSequence)
            {
                Reset();
            }

            _prefix.CopyTo(result);
            var value = _sequence;
            for (var i = result.Length - 1; i >= PrefixLength; i--)
            {
                result[i] = Digits[(int)(value % 62)];
                value /= 62;
            }
        }

        return new string(result);
    }

    private void Reset()
    {
        for (var i = 0; i < PrefixLength; i++)
        {
            _prefix[i] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        }

        _sequence = Random.Shared.NextInt64(MaxSequence);
        _increment = 33 + Random.Shared.NextInt64(300);
    }
}
