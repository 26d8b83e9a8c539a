using Orders.PushOrder.Metrics;

namespace Orders.PushOrder.Tests.Output;

public sealed class LatencyRecorderTests
{
    [Fact]
    public void Summarize_OneToHundred_GivesNearestRankPercentiles()
    {
        var recorder = new LatencyRecorder();
        foreach (var ms in Enumerable.Range(1, 100).Reverse())
        {
            recorder.Record(TimeSpan.FromMilliseconds(ms));
        }

        var summary = recorder.Summarize();

        Assert.Equal(new LatencySummary(100, 50, 95, 99, 100), summary);
    }

    [Fact]
    public void Summarize_SingleValue_IsEveryPercentile()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(TimeSpan.FromMilliseconds(7));

        Assert.Equal(new LatencySummary(1, 7, 7, 7, 7), recorder.Summarize());
    }

    [Fact]
    public void Summarize_Nothing_IsEmpty()
    {
        Assert.Equal(LatencySummary.Empty, new LatencyRecorder().Summarize());
    }
}
