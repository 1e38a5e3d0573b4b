package dev.arcpekko.runtime.limits;

import dev.arcpekko.runtime.JsonSerializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The sessions of one principal that have a live transport, cluster-wide: a sharded entity keyed
 * by principal that is deliberately not persistent. Each session is held by the connection actor
 * serving it; the entity watches those actors, so a connection that stops (or whose node is
 * removed from the cluster) frees its slot without a message. Connections re-assert their hold
 * periodically, which rebuilds the count after this entity restarts or moves. A session that is
 * resumed on a new connection keeps its one slot; the new connection takes it over. The entity
 * is never passivated (a passivation racing a claim would lose it); it costs one small actor per
 * principal that has connected.
 */
public final class PrincipalSessions extends AbstractBehavior<PrincipalSessions.Command> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "PrincipalSessions");

  /** Messages of the entity. */
  public sealed interface Command extends JsonSerializable {}

  /** {@code connection} wants to open or resume session {@code sessionId}. */
  public record Claim(String sessionId, ActorRef<?> connection, ActorRef<SlotAnswer> replyTo) implements Command {}

  /** {@code connection} still serves {@code sessionId}; counted even beyond the limit, never answered. */
  public record Reassert(String sessionId, ActorRef<?> connection) implements Command {}

  /** {@code connection} no longer serves a session. */
  public record Release(ActorRef<?> connection) implements Command {}

  private final EntityContext<Command> entityContext;
  private final int max;
  private final Map<String, ActorRef<?>> holders = new HashMap<>();

  private PrincipalSessions(ActorContext<Command> context, EntityContext<Command> entityContext, int max) {
    super(context);
    this.entityContext = entityContext;
    this.max = max;
  }

  /** The sessions of the principal {@code entityContext} names, at most {@code max} (0: unlimited). */
  public static Behavior<Command> create(EntityContext<Command> entityContext, int max) {
    return Behaviors.setup(context -> new PrincipalSessions(context, entityContext, max));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Claim.class, this::claim)
        .onMessage(Reassert.class, reassert -> hold(reassert.sessionId(), reassert.connection()))
        .onMessage(Release.class, release -> forget(release.connection()))
        .onSignal(Terminated.class, terminated -> forget(terminated.getRef()))
        .build();
  }

  private Behavior<Command> claim(Claim claim) {
    if (max > 0 && !holders.containsKey(claim.sessionId()) && holders.size() >= max) {
      getContext().getLog().debug("principal {} is at its limit of {} sessions", entityContext.getEntityId(), max);
      claim.replyTo().tell(new SlotAnswer.Refused(max));
      return this;
    }
    claim.replyTo().tell(new SlotAnswer.Granted());
    return hold(claim.sessionId(), claim.connection());
  }

  private Behavior<Command> hold(String sessionId, ActorRef<?> connection) {
    ActorRef<?> previous = holders.put(sessionId, connection);
    if (previous != null && !previous.equals(connection) && !holders.containsValue(previous)) {
      getContext().unwatch(previous);
    }
    getContext().watch(connection);
    return this;
  }

  private Behavior<Command> forget(ActorRef<?> connection) {
    if (holders.values().removeIf(connection::equals)) {
      getContext().unwatch(connection);
    }
    return this;
  }
}
