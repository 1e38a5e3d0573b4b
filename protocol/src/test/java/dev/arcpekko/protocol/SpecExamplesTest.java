package dev.arcpekko.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.event.EventBody;
import dev.arcpekko.protocol.event.EventKinds;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import dev.arcpekko.protocol.message.JobAccepted;
import dev.arcpekko.protocol.message.JobSubmit;
import dev.arcpekko.protocol.message.LeaseJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JSON example of the ARCP 1.0 and 1.1 specifications ({@code spec-examples/}, described by
 * its {@code manifest.tsv}) decodes into the type the spec describes and re-serialises to
 * equivalent JSON ({@link JsonEquivalence}).
 */
class SpecExamplesTest {
  private static final String FOLDER = "/spec-examples/";
  private static final int SPEC_JSON_BLOCKS = 13 + 21;
  private static final ArcpCodec CODEC = new ArcpCodec();

  /** How a file is read; each form decodes an example and re-serialises what it decoded. */
  enum Form {
    ENVELOPE(SpecExamplesTest::envelope),
    EVENT(SpecExamplesTest::event),
    LEASE(SpecExamplesTest::lease),
    LEASE_CONSTRAINTS(SpecExamplesTest::leaseConstraints),
    BUDGET_PATTERNS(SpecExamplesTest::leaseRequest),
    MODEL_PATTERNS(SpecExamplesTest::leaseRequest),
    ERROR(SpecExamplesTest::error),
    CREDENTIAL(SpecExamplesTest::credential);

    private final Function<ObjectNode, RoundTrip> decoder;

    Form(Function<ObjectNode, RoundTrip> decoder) {
      this.decoder = decoder;
    }
  }

  /** One manifest row. */
  record Example(String file, Form form, String expected, String completion) {
    static Example parse(String row) {
      String[] columns = row.split("\t", -1);
      assertThat(columns).as("manifest row %s", row).hasSize(4);
      return new Example(columns[0], Form.valueOf(columns[1].toUpperCase(Locale.ROOT)), columns[2],
          columns[3]);
    }

    RoundTrip decode() {
      try {
        return form.decoder.apply((ObjectNode) CODEC.parse(read(file)));
      } catch (IOException e) {
        throw new UncheckedIOException(file, e);
      }
    }

    @Override
    public String toString() {
      return file;
    }
  }

  /**
   * What a form made of an example: the decoded value, the JSON it was decoded from (as the
   * codec was given it), and that value written back by the codec.
   */
  record RoundTrip(Object decoded, JsonNode input, JsonNode reserialised) {}

  static Stream<Example> examples() {
    return manifest().stream();
  }

  @Test
  void manifestListsEveryExtractedBlockOnce() throws IOException, URISyntaxException {
    Path folder = Path.of(Objects.requireNonNull(SpecExamplesTest.class.getResource(FOLDER)).toURI());
    List<String> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.map(path -> path.getFileName().toString())
          .filter(name -> !name.equals("README.md") && !name.equals("manifest.tsv"))
          .toList();
    }

    assertThat(manifest()).extracting(Example::file)
        .hasSize(SPEC_JSON_BLOCKS)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(files);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void decodesIntoTheTypeTheSpecDescribes(Example example) {
    Object decoded = example.decode().decoded();

    assertThat(decoded.getClass().getSimpleName()).as("decoded %s", decoded)
        .isEqualTo(example.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void reserialisesToEquivalentJson(Example example) {
    RoundTrip roundTrip = example.decode();

    JsonEquivalence.assertEquivalent(roundTrip.input(), roundTrip.reserialised());
  }

  /** A message; the spec abbreviates many envelopes, so {@code arcp} and {@code id} are supplied. */
  private static RoundTrip envelope(ObjectNode example) {
    ObjectNode frame = example.deepCopy();
    if (!frame.has("arcp")) {
      frame.put("arcp", ArcpCodec.VERSION);
    }
    if (!frame.has("id")) {
      frame.put("id", "msg_spec_example");
    }
    Envelope envelope = decodeFrame(frame);
    ObjectNode written = CODEC.toTree(envelope);
    return new RoundTrip(envelope.message(), frame, written);
  }

  /** A {@code {kind, ts?, body}} fragment; {@code ts} belongs to the {@code job.event}, not the body. */
  private static RoundTrip event(ObjectNode example) {
    EventBody body = EventKinds.read(JsonObjectReader.of(example, "payload"));
    ObjectNode kindAndBody = example.deepCopy();
    kindAndBody.remove("ts");
    ObjectNode written = JsonObjectWriter.create().put("kind", body.kind()).put("body", body.toJson()).node();
    return new RoundTrip(body, kindAndBody, written);
  }

  private static RoundTrip lease(ObjectNode example) {
    Lease lease = Lease.parse(JsonObjectReader.of(example, "lease").entries(JsonObjectReader::stringArray));
    JsonObjectWriter written = JsonObjectWriter.create();
    LeaseJson.write(written, "lease", lease);
    return new RoundTrip(lease, example, written.node().get("lease"));
  }

  /** {@code {"lease_constraints": {"expires_at": …}}}. */
  private static RoundTrip leaseConstraints(ObjectNode example) {
    String expiresAt = JsonObjectReader.of(example, "")
        .requireObject("lease_constraints")
        .requireString("expires_at");
    Instant parsed = LeaseConstraints.parseExpiresAt(expiresAt);
    ObjectNode written = JsonObjectWriter.create()
        .put("lease_constraints", JsonObjectWriter.create().put("expires_at", parsed))
        .node();
    return new RoundTrip(parsed, example, written);
  }

  /** Capability patterns, sent as the {@code lease_request} of a minimal {@code job.submit}. */
  private static RoundTrip leaseRequest(ObjectNode example) {
    ObjectNode payload = JsonObjectWriter.create()
        .put("agent", "code-refactor")
        .put("lease_request", example.deepCopy())
        .node();
    Envelope envelope = decodeFrame(frame("job.submit", payload));
    JobSubmit submit = (JobSubmit) envelope.message();
    return new RoundTrip(submit, example, CODEC.toTree(envelope).path("payload").path("lease_request"));
  }

  private static RoundTrip error(ObjectNode example) {
    ErrorPayload error = ErrorPayload.read(JsonObjectReader.of(example, "error"));
    JsonObjectWriter written = JsonObjectWriter.create();
    error.writeTo(written);
    return new RoundTrip(error, example, written.node());
  }

  /** A credential, sent as the only entry of a minimal {@code job.accepted}'s {@code credentials}. */
  private static RoundTrip credential(ObjectNode example) {
    ObjectNode payload = JsonObjectWriter.create()
        .put("job_id", "job_1")
        .put("lease", JsonObjectWriter.create())
        .put("accepted_at", "2026-05-13T19:30:00Z")
        .node();
    payload.putArray("credentials").add(example.deepCopy());
    Envelope envelope = decodeFrame(frame("job.accepted", payload));
    JobAccepted accepted = (JobAccepted) envelope.message();
    return new RoundTrip(accepted.credentials().get(0), example,
        CODEC.toTree(envelope).path("payload").path("credentials").path(0));
  }

  private static ObjectNode frame(String type, ObjectNode payload) {
    return JsonObjectWriter.create()
        .put("arcp", ArcpCodec.VERSION)
        .put("id", "msg_spec_example")
        .put("type", type)
        .put("session_id", "sess_1")
        .put("payload", payload)
        .node();
  }

  private static Envelope decodeFrame(ObjectNode frame) {
    DecodeResult result = CODEC.decode(frame.toString());
    assertThat(result).as("decoding %s", frame).isInstanceOf(DecodeResult.Decoded.class);
    return ((DecodeResult.Decoded) result).envelope();
  }

  private static List<Example> manifest() {
    return read("manifest.tsv").lines().skip(1).map(Example::parse).toList();
  }

  private static String read(String name) {
    try (InputStream in = SpecExamplesTest.class.getResourceAsStream(FOLDER + name)) {
      assertThat(in).as("resource %s%s", FOLDER, name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(name, e);
    }
  }
}
