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
        Props Child(bool runTask, TimeSpan? receiveTimeout) => Props.Create(() => new FloorChild(runTask, receiveTimeout));
        var steps = new (string Name, Props Child, bool Watch, bool Forward)[]
        {
            ("bare UntypedActor, Akka's default mailbox, the Ask forwarded (its sender kept)", Child(false, null), false, true),
            ("bare UntypedActor, Akka's default mailbox", Child(false, null), false, false),
            ("bare UntypedActor, entity mailbox", WithEntityMailbox(Child(false, null)), false, false),
            ("  + watched by its parent", WithEntityMailbox(Child(false, null)), true, false),
            ("  + its message handled by RunTask (ActorTaskScheduler)", WithEntityMailbox(Child(true, null)), true, false),
            ("  + a ReceiveTimeout of 2 minutes (the per-child timer, before)", WithEntityMailbox(Child(true, TimeSpan.FromMinutes(2))), true, false),
            ("default mailbox, watched, RunTask, ReceiveTimeout, Ask forwarded (Akka's part, before)", Child(true, TimeSpan.FromMinutes(2)), true, true),
        };

        for (var s = 0; s < steps.Length; s++)
        {
            var (name, child, watch, forward) = steps[s];
            var before = HeapMeter.AfterFullGc();
            var started = System.Diagnostics.Stopwatch.StartNew();
            var parent = system.ActorOf(Props.Create(() => new FloorParent(child, watch, forward)), $"parent-{s}");
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
            Console.WriteLine($"floor: {name}: {(after - before) / (double)actors:N0} B per idle actor ({started.Elapsed.TotalSeconds:0.0} s)");
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

    // Sent without a sender, so the child's cell does not keep the asker once idle.
    private sealed record Delivery(Hello Hello, IActorRef ReplyTo);

    private sealed class FloorParent(Props childProps, bool watch, bool forward) : UntypedActor
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

            if (forward)
            {
                child.Forward(message);
            }
            else
            {
                child.Tell(new Delivery(hello, Sender), ActorRefs.NoSender);
            }
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

            var sender = message is Delivery delivery ? delivery.ReplyTo : Sender;
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
