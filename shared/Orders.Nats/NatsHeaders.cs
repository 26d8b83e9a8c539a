using System.Buffers;
using System.Collections;
using System.Text;

namespace Orders.Nats;

/// <summary>
/// NATS message headers: ordered, case-sensitive keys, several values per key allowed. A received
/// header block may start with a status line (<c>NATS/1.0 503</c>): see <see cref="Code"/> and
/// <see cref="Description"/>.
/// </summary>
public sealed class NatsHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private static readonly SearchValues<char> InvalidKeyChars = SearchValues.Create(": \t\r\n");
    private static readonly SearchValues<char> InvalidValueChars = SearchValues.Create("\r\n");

    private readonly List<KeyValuePair<string, string>> _entries = [];
    private int _wireLength = -1;

    public NatsHeaders()
    {
    }

    internal NatsHeaders(int code, string? description, int wireLength)
    {
        Code = code;
        Description = description;
        _wireLength = wireLength;
    }

    /// <summary>Status code from the status line (503, 100, 404, 408, 409, ...); 0 when there is none.</summary>
    public int Code { get; }

    /// <summary>Status text from the status line (e.g. <c>Idle Heartbeat</c>), null when there is none.</summary>
    public string? Description { get; }

    /// <summary>Number of key/value entries (a key with two values counts twice).</summary>
    public int Count => _entries.Count;

    /// <summary>First value of <paramref name="key"/>, or null; setting replaces all its values.</summary>
    public string? this[string key]
    {
        get => TryGetValue(key, out var value) ? value : null;
        set
        {
            Remove(key);
            if (value is not null)
            {
                Add(key, value);
            }
        }
    }

    /// <summary>Adds a value; existing values of the same key are kept.</summary>
    public void Add(string key, string value)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().ContainsAny(InvalidValueChars))
        {
            throw new ArgumentException($"Header value for '{key}' must not contain CR or LF.", nameof(value));
        }

        _entries.Add(new(key, value));
        _wireLength = -1;
    }

    /// <summary>Removes every value of <paramref name="key"/>; true when there was one.</summary>
    public bool Remove(string key)
    {
        var removed = _entries.RemoveAll(e => string.Equals(e.Key, key, StringComparison.Ordinal)) > 0;
        if (removed)
        {
            _wireLength = -1;
        }

        return removed;
    }

    public bool TryGetValue(string key, out string value)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }

        value = "";
        return false;
    }

    /// <summary>All values of <paramref name="key"/> in the order received or added.</summary>
    public IReadOnlyList<string> GetAll(string key)
    {
        List<string>? values = null;
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                (values ??= []).Add(entry.Value);
            }
        }

        return values ?? (IReadOnlyList<string>)[];
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        (Code == 0 ? "" : $"{Code} {Description} ") + string.Join(", ", _entries.Select(e => $"{e.Key}: {e.Value}"));

    /// <summary>Bytes of the serialised header block (<c>NATS/1.0\r\n...\r\n\r\n</c>).</summary>
    internal int WireLength
    {
        get
        {
            if (_wireLength < 0)
            {
                var length = Internal.HeaderCodec.VersionLine.Length + 2;
                foreach (var entry in _entries)
                {
                    length += Encoding.UTF8.GetByteCount(entry.Key) + 2 + Encoding.UTF8.GetByteCount(entry.Value) + 2;
                }

                _wireLength = length;
            }

            return _wireLength;
        }
    }

    /// <summary>Adds a parsed entry without validation (the parser already split on CR LF and ':').</summary>
    internal void AddParsed(string key, string value) => _entries.Add(new(key, value));

    private static void ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.AsSpan().ContainsAny(InvalidKeyChars))
        {
            throw new ArgumentException($"Header key '{key}' must not contain ':', whitespace, CR or LF.", nameof(key));
        }
    }
}
