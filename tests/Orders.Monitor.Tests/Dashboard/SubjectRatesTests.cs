using Orders.Monitor.Dashboard;

namespace Orders.Monitor.Tests.Dashboard;

public sealed class SubjectRatesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PerMinute_MessagesWithinTheLastMinute_AreCountedBusiestFirst()
    {
        var rates = new SubjectRates();
        rates.Add("orders.paid", Now.AddSeconds(-59), Now);
        rates.Add("orders.created", Now.AddSeconds(-30), Now);
        rates.Add("orders.created", Now, Now);

        Assert.Equal([("orders.created", 2L), ("orders.paid", 1L)], rates.PerMinute(Now));
    }

    [Fact]
    public void PerMinute_AsTimePasses_OldMessagesLeaveTheWindow()
    {
        var rates = new SubjectRates();
        rates.Add("orders.created", Now, Now);
        rates.Add("orders.created", Now.AddSeconds(30), Now.AddSeconds(30));

        Assert.Equal([("orders.created", 1L)], rates.PerMinute(Now.AddSeconds(61)));
    }

    [Fact]
    public void Add_MessageStoredOverAMinuteAgo_IsNotCounted()
    {
        var rates = new SubjectRates();

        rates.Add("orders.created", Now.AddMinutes(-5), Now);

        Assert.Empty(rates.PerMinute(Now));
    }

    [Fact]
    public void Add_MoreSubjectsThanTracked_CountsTheRestTogether()
    {
        var rates = new SubjectRates();

        for (var i = 0; i < SubjectRates.MaxSubjects + 10; i++)
        {
            rates.Add($"commands.c{i}", Now, Now);
        }

        var perMinute = rates.PerMinute(Now);
        Assert.Equal(SubjectRates.MaxSubjects, perMinute.Count);
        Assert.Equal((SubjectRates.OtherSubjects, 11L), perMinute[0]);
    }
}
