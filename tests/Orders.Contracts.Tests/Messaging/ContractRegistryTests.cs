using System.Text.RegularExpressions;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;

namespace Orders.Contracts.Tests.Messaging;

/// <summary>
/// The registry is the one table every decoder, serializer, consumer filter and the lifecycle read,
/// so a message missing from it, or a row that contradicts the record, breaks them all at once.
/// </summary>
public sealed class ContractRegistryTests
{
    [Fact]
    public void All_EveryEventRecord_HasExactlyOneRow()
    {
        var eventRecords = typeof(IEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEvent).IsAssignableFrom(t))
            .Select(t => t.Name)
            .Order()
            .ToList();

        Assert.NotEmpty(eventRecords);
        Assert.Equal(eventRecords, ContractRegistry.All.Where(m => m.IsEvent).Select(m => m.Type.Name).Order());
    }

    [Fact]
    public void All_Subjects_AreExactlyTheSubjectsOfTheContractDocument()
    {
        var contract = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contract.md"));
        var documented = Regex.Matches(contract, @"(?<![\w.-])(?:commands|orders|payments)\.[a-z][a-z-]*(?![\w-])")
            .Select(m => m.Value)
            .Distinct()
            .Order();

        Assert.Equal(documented, ContractRegistry.All.Select(m => m.Subject).Order());
    }

    [Fact]
    public void All_Subjects_AreUniqueAndOneTokenUnderTheirStream()
    {
        Assert.Equal(ContractRegistry.All.Count, ContractRegistry.All.Select(m => m.Subject).Distinct().Count());
        Assert.All(ContractRegistry.All, m =>
        {
            Assert.StartsWith(m.Stream.Subject[..^1], m.Subject, StringComparison.Ordinal);
            Assert.Equal(m.Stream.Subject.Count(c => c == '.'), m.Subject.Count(c => c == '.'));
        });
    }

    [Fact]
    public void All_TypeInfo_IsTheSourceGeneratedMetadataOfTheRecord()
    {
        Assert.All(ContractRegistry.All, m =>
        {
            Assert.Equal(m.Type, m.TypeInfo.Type);
            Assert.Same(OrdersJsonContext.Default.GetTypeInfo(m.Type), m.TypeInfo);
        });
    }

    [Fact]
    public void All_LifecycleMove_IsGivenExactlyForVersionedOrderEvents()
    {
        Assert.All(ContractRegistry.All, m =>
            Assert.Equal(typeof(IVersionedOrderEvent).IsAssignableFrom(m.Type), m.Move is not null));
    }

    [Fact]
    public void For_TypeOutsideTheContract_ThrowsNamingTheRegistry()
    {
        var error = Assert.Throws<ArgumentException>(() => ContractRegistry.For<OrderItem>());

        Assert.Contains(nameof(ContractRegistry), error.Message);
    }
}
