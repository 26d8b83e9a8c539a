// Each test runs the whole system (nine service processes, nats-server, PostgreSQL): two at once
// would only make both slow and flaky on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
