using Microsoft.Extensions.DependencyInjection;

namespace Orders.Actors.Internal;

/// <summary>One incarnation of an actor: the instance and the DI scope it was resolved from, if any.</summary>
internal readonly record struct Incarnation(Actor Actor, IServiceScope? Scope);

/// <summary>How to create incarnations of an actor and how to supervise them; shared by all entities of a region.</summary>
internal sealed class ActorProps(Func<Incarnation> create, Supervision.SupervisionOptions supervision)
{
    public Supervision.SupervisionOptions Supervision { get; } = supervision;

    /// <summary>Called with <see cref="ActorCell.Constructing"/> set, so the actor's base constructor finds its cell.</summary>
    public Incarnation Create() => create();
}
