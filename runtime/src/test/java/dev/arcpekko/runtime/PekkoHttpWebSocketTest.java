package dev.arcpekko.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Flow;
import org.junit.jupiter.api.Test;

/**
 * The pinned pekko-http and pekko-stream versions run on this Pekko: a WebSocket route on a real
 * socket answers a text frame sent by the JDK's WebSocket client.
 */
class PekkoHttpWebSocketTest {

  @Test
  void aWebSocketRouteAnswersATextFrameOverARealSocket() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "http-test",
        ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(ConfigFactory.load()));
    try {
      Flow<Message, Message, ?> upper = Flow.<Message>create()
          .filter(Message::isText)
          .map(message -> TextMessage.create(message.asTextMessage().getStrictText().toUpperCase()));
      Route route = Directives.path("arcp", () -> Directives.handleWebSocketMessages(upper));
      ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(route)
          .toCompletableFuture().get(10, TimeUnit.SECONDS);

      CompletableFuture<String> answer = new CompletableFuture<>();
      WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + binding.localAddress().getPort() + "/arcp"),
              new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                  answer.complete(data.toString());
                  return null;
                }
              })
          .get(10, TimeUnit.SECONDS);
      socket.sendText("hello", true);

      assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("HELLO");
      socket.abort();
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
