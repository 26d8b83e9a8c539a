using Orders.Actors.Internal;

namespace Orders.Actors.Entities;

/// <summary>
/// An actor that lives in an entity region: one per <see cref="EntityId"/>, created through DI from a
/// service scope of its own (one scope per incarnation, so a scoped DbContext lives as long as the
/// incarnation), available from the constructor on.
/// </summary>
public abstract class EntityActor : Actor
{
    protected string EntityId => ((ActorCell)Context).Name;

    /// <summary>
    /// Asks the region to passivate this entity once its mailbox is empty. Messages that arrive meanwhile
    /// keep it alive (the request is dropped) and are handled by this incarnation.
    /// </summary>
    protected void Passivate() => ((ActorCell)Context).RequestPassivation();
}
