namespace Orders.Monitor.Dashboard;

/// <summary>
/// Messages per subject over the last minute: a sliding window of 60 one-second buckets per
/// subject, counted by the time the stream stored each message (so a replay of old messages does
/// not look like a burst). At most <see cref="MaxSubjects"/> subjects are tracked; a flood of
/// foreign subjects is counted under <see cref="OtherSubjects"/>.
/// Not thread-safe (<see cref="DashboardState"/> locks).
/// </summary>
internal sealed class SubjectRates
{
    public const int MaxSubjects = 64;
    public const string OtherSubjects = "(other subjects)";
    private const int WindowSeconds = 60;

    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public void Add(string subject, DateTimeOffset storedAt, DateTimeOffset now)
    {
        var second = Math.Min(storedAt.ToUnixTimeSeconds(), now.ToUnixTimeSeconds());
        if (second <= now.ToUnixTimeSeconds() - WindowSeconds)
        {
            return;
        }

        if (!_windows.TryGetValue(subject, out var window))
        {
            if (_windows.Count >= MaxSubjects - 1 && !_windows.TryGetValue(OtherSubjects, out window))
            {
                window = _windows[OtherSubjects] = new Window();
            }

            window ??= _windows[subject] = new Window();
        }

        window.Add(second);
    }

    /// <summary>Messages per subject within the last 60 seconds, busiest first; subjects with none are left out.</summary>
    public List<(string Subject, long PerMinute)> PerMinute(DateTimeOffset now)
    {
        var nowSecond = now.ToUnixTimeSeconds();
        return [.. _windows
            .Select(pair => (Subject: pair.Key, PerMinute: pair.Value.Sum(nowSecond)))
            .Where(rate => rate.PerMinute > 0)
            .OrderByDescending(rate => rate.PerMinute)
            .ThenBy(rate => rate.Subject, StringComparer.Ordinal)];
    }

    private sealed class Window
    {
        private readonly long[] _counts = new long[WindowSeconds];
        private readonly long[] _seconds = new long[WindowSeconds];

        public void Add(long second)
        {
            var slot = (int)(second % WindowSeconds);
            if (_seconds[slot] != second)
            {
                if (_seconds[slot] > second)
                {
                    return; // the slot already holds a newer second: this one has left the window
                }

                _seconds[slot] = second;
                _counts[slot] = 0;
            }

            _counts[slot]++;
        }

        public long Sum(long nowSecond)
        {
            long sum = 0;
            for (var slot = 0; slot < WindowSeconds; slot++)
            {
                if (nowSecond - _seconds[slot] < WindowSeconds)
                {
                    sum += _counts[slot];
                }
            }

            return sum;
        }
    }
}
