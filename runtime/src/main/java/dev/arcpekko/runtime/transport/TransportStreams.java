package dev.arcpekko.runtime.transport;

import dev.arcpekko.runtime.RuntimeServices;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSink;

/**
 * Wires one transport to a new {@link ConnectionActor}: inbound frames go to the actor with
 * back-pressure (one frame in flight), outbound frames come from a bounded queue the actor fills.
 * Every {@value #WRITTEN_EVERY}th seq the transport takes from the queue is reported to the actor
 * ({@link ConnectionActor.Written}), which is how journal replays are paced to the reader.
 */
final class TransportStreams {
  static final int WRITTEN_EVERY = 64;
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private TransportStreams() {}

  /** A flow from the peer's frames to the frames we send it, backed by a fresh connection actor. */
  static Flow<InboundFrame, String, NotUsed> connectionFlow(RuntimeServices services) {
    Pair<BoundedSourceQueue<Outbound.Outgoing>, Source<Outbound.Outgoing, NotUsed>> outbound =
        Source.<Outbound.Outgoing>queue(services.settings().outboundBufferFrames()).preMaterialize(services.system());
    ActorRef<ConnectionActor.Command> connection = services.system().systemActorOf(
        ConnectionActor.create(services, new Outbound(outbound.first())),
        "arcp-connection-" + CONNECTIONS.incrementAndGet(), Props.empty());
    Sink<InboundFrame, NotUsed> inbound = ActorSink.actorRefWithBackpressure(
        connection,
        ConnectionActor.FromClient::new,
        ConnectionActor.TransportReady::new,
        ConnectionActor.Ack.INSTANCE,
        new ConnectionActor.TransportClosed(),
        failure -> new ConnectionActor.TransportFailed(String.valueOf(failure.getMessage())));
    Source<String, NotUsed> written = outbound.second().map(frame -> {
      if (frame.seq() > 0 && frame.seq() % WRITTEN_EVERY == 0) {
        connection.tell(new ConnectionActor.Written(frame.seq()));
      }
      return frame.text();
    });
    return Flow.fromSinkAndSourceCoupled(inbound, written);
  }
}
