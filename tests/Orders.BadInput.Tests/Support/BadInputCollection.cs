namespace Orders.BadInput.Tests.Support;

/// <summary>One scenario run (servers, services, traffic) shared by every test of the assembly.</summary>
[CollectionDefinition(Name)]
public sealed class BadInputCollection : ICollectionFixture<BadInputRun>
{
    public const string Name = "bad input";
}
