using Akka.Actor;
using Akka.Configuration;

/// <summary>
/// What an idle actor costs in Akka.NET itself, one part of an entity added at a time: N children of
/// one plain parent (one shared Props), each sent one message and answering it, then idle; the heap
/// after a full GC before and after, divided by N. The parent's bookkeeping here is only Akka's own
/// (its children container, and its watch set where watched), none of the entity parent's.
/// </summary>
internal static class FloorBreakdown
{
    private const string MailboxHocon =
        "orders-entity-mailbox.mailbox-type = \"Orders.Messaging.Entities.Internal.EntityMailboxType, Orders.Messaging\"";

    public static async Task RunAsync(int actors, TimeSpan timeout)
    {
        using var system = ActorSystem.Create("floor", ConfigurationFactory.ParseString(MailboxHocon + "\nakka.loglevel = WARNING"));
        var steps = new (string Name, Props Child, bool Watch)[]
        {
            ("bare UntypedActor, Akka's default mailbox", Props.Create(() => new FloorChild(false, null)), false),
            ("bare UntypedActor, entity mailbox", WithEntityMailbox(Props.Create(() => new FloorChild(false, null))), false),
            ("  + watched by its parent", WithEntityMailbox(Props.Create(() => new FloorChild(false, null))), true),
            ("  + its message handled by RunTask (ActorTaskScheduler)", WithEntityMailbox(Props.Create(() => new FloorChild(true, null))), true),
            ("  + a ReceiveTimeout of 2 minutes (the per-child timer, before)", WithEntityMailbox(Props.Create(() => new FloorChild(true, TimeSpan.FromMinutes(2)))), true),
            ("default mailbox, watched, RunTask, ReceiveTimeout (Akka's part, before)", Props.Create(() => new FloorChild(true, TimeSpan.FromMinutes(2))), true),
        };

        for (var s = 0; s < steps.Length; s++)
        {
            var (name, child, watch) = steps[s];
            var before = HeapMeter.AfterFullGc();
            var parent = system.ActorOf(Props.Create(() => new FloorParent(child, watch)), $"parent-{s}");
            var pending = new List<Task>(1_000);
            for (var i = 0; i < actors; i++)
            {
                pending.Add(parent.Ask<Done>(new Hello($"a-{i:D7}"), timeout));
                if (pending.Count == 1_000)
                {
                    await Task.WhenAll(pending);
                    pending.Clear();
                }
            }

            await Task.WhenAll(pending);
            var after = HeapMeter.AfterFullGc();
            Console.WriteLine($"floor: {name}: {(after - before) / (double)actors:N0} B per idle actor");
            await parent.GracefulStop(TimeSpan.FromMinutes(2));
        }

        await system.Terminate();
    }

    private static Props WithEntityMailbox(Props props) => props.WithMailbox("orders-entity-mailbox");

    private sealed record Hello(string Name);

    private sealed class Done
    {
        public static Done Instance { get; } = new();
    }

    private sealed class FloorParent(Props childProps, bool watch) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            var hello = (Hello)message;
            var child = Context.Child(hello.Name);
            if (child.IsNobody())
            {
                child = Context.ActorOf(childProps, hello.Name);
                if (watch)
                {
                    Context.Watch(child);
                }
            }

            child.Forward(message);
        }
    }

    private sealed class FloorChild(bool runTask, TimeSpan? receiveTimeout) : UntypedActor
    {
        protected override void PreStart()
        {
            if (receiveTimeout is { } idle)
            {
                Context.SetReceiveTimeout(idle);
            }
        }

        protected override void OnReceive(object message)
        {
            if (message is ReceiveTimeout)
            {
                return;
            }

            var sender = Sender;
            if (runTask)
            {
                RunTask(() =>
                {
                    sender.Tell(Done.Instance);
                    return Task.CompletedTask;
                });
            }
            else
            {
                sender.Tell(Done.Instance);
            }
        }
    }
}

/// <summary>The managed heap after full, compacting, blocking collections.</summary>
internal static class HeapMeter
{
    public static long AfterFullGc()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
