package dev.arcpekko.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.event.ArtifactRefBody;
import dev.arcpekko.protocol.event.ChunkEncoding;
import dev.arcpekko.protocol.event.DelegateBody;
import dev.arcpekko.protocol.event.EventBody;
import dev.arcpekko.protocol.event.LogBody;
import dev.arcpekko.protocol.event.LogLevel;
import dev.arcpekko.protocol.event.MetricBody;
import dev.arcpekko.protocol.event.OpaqueEventBody;
import dev.arcpekko.protocol.event.ProgressBody;
import dev.arcpekko.protocol.event.ResultChunkBody;
import dev.arcpekko.protocol.event.StatusBody;
import dev.arcpekko.protocol.event.ThoughtBody;
import dev.arcpekko.protocol.event.ToolCallBody;
import dev.arcpekko.protocol.event.ToolResultBody;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import dev.arcpekko.protocol.message.AgentEntry;
import dev.arcpekko.protocol.message.AgentRef;
import dev.arcpekko.protocol.message.Auth;
import dev.arcpekko.protocol.message.Capabilities;
import dev.arcpekko.protocol.message.ClientInfo;
import dev.arcpekko.protocol.message.Credential;
import dev.arcpekko.protocol.message.Feature;
import dev.arcpekko.protocol.message.JobAccepted;
import dev.arcpekko.protocol.message.JobCancel;
import dev.arcpekko.protocol.message.JobCancelled;
import dev.arcpekko.protocol.message.JobError;
import dev.arcpekko.protocol.message.JobEventMessage;
import dev.arcpekko.protocol.message.JobFilter;
import dev.arcpekko.protocol.message.JobResult;
import dev.arcpekko.protocol.message.JobStatus;
import dev.arcpekko.protocol.message.JobSubmit;
import dev.arcpekko.protocol.message.JobSubscribe;
import dev.arcpekko.protocol.message.JobSubscribed;
import dev.arcpekko.protocol.message.JobSummary;
import dev.arcpekko.protocol.message.JobUnsubscribe;
import dev.arcpekko.protocol.message.Message;
import dev.arcpekko.protocol.message.MessageType;
import dev.arcpekko.protocol.message.ResumeRequest;
import dev.arcpekko.protocol.message.RuntimeInfo;
import dev.arcpekko.protocol.message.SessionAck;
import dev.arcpekko.protocol.message.SessionBye;
import dev.arcpekko.protocol.message.SessionClose;
import dev.arcpekko.protocol.message.SessionClosed;
import dev.arcpekko.protocol.message.SessionError;
import dev.arcpekko.protocol.message.SessionHello;
import dev.arcpekko.protocol.message.SessionJobs;
import dev.arcpekko.protocol.message.SessionListJobs;
import dev.arcpekko.protocol.message.SessionPing;
import dev.arcpekko.protocol.message.SessionPong;
import dev.arcpekko.protocol.message.SessionResume;
import dev.arcpekko.protocol.message.SessionWelcome;
import dev.arcpekko.protocol.message.VendorMessage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Encoding a message and decoding the frame gives back an equal message, for generated messages
 * of every type and every event kind (coverage is checked); the frame is always a single line.
 */
class CodecRoundTripProperties {
  private static final ArcpCodec CODEC = new ArcpCodec();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Property(tries = 1500)
  void decodingAnEncodedEnvelopeGivesItBack(@ForAll("envelopes") Envelope envelope) {
    String frame = CODEC.encode(envelope);

    DecodeResult decoded = CODEC.decode(frame);

    assertThat(frame).doesNotContain("\n");
    assertThat(decoded).isEqualTo(new DecodeResult.Decoded(envelope));
    Statistics.collect(MessageType.fromWire(envelope.type()).map(MessageType::wire).orElse("vendor"));
    Statistics.coverage(coverage -> {
      for (MessageType type : MessageType.values()) {
        coverage.check(type.wire()).count(count -> count > 0);
      }
      coverage.check("vendor").count(count -> count > 0);
    });
  }

  @Provide
  Arbitrary<Envelope> envelopes() {
    Arbitrary<Optional<String>> traceIds = hex(32).filter(t -> !t.matches("0+")).optional();
    return Combinators.combine(
            ids(), identifiers("sess_").optional(), traceIds, identifiers("job_").optional(),
            Arbitraries.longs().between(0, Long.MAX_VALUE).optional(), extensions().optional(),
            messages())
        .as((id, session, trace, job, seq, extensions, message) -> new Envelope(
            id, session, trace, jobFor(message, job), seq.map(OptionalLong::of).orElse(OptionalLong.empty()),
            extensions, message))
        .map(CodecRoundTripProperties::withRequiredEnvelopeFields);
  }

  private static Optional<String> jobFor(Message message, Optional<String> job) {
    return message instanceof JobSubscribe || message instanceof JobUnsubscribe ? Optional.empty() : job;
  }

  private static Envelope withRequiredEnvelopeFields(Envelope envelope) {
    MessageType.EnvelopeFields required = MessageType.fromWire(envelope.type())
        .map(MessageType::envelope).orElse(MessageType.EnvelopeFields.NONE);
    Envelope result = envelope;
    if (required.requiresJobId() && result.jobId().isEmpty()) {
      result = result.withJobId("job_required");
    }
    if (required.requiresEventSeq() && result.eventSeq().isEmpty()) {
      result = result.withEventSeq(1);
    }
    return result;
  }

  @Provide
  Arbitrary<Message> messages() {
    return Arbitraries.oneOf(List.of(
        hellos(), welcomes(), errors().map(SessionError::new), pings(), pongs(),
        Arbitraries.longs().greaterOrEqual(0).map(SessionAck::new), listJobs(), jobsPages(),
        reasons().map(SessionBye::new), reasons().map(SessionClose::new),
        reasons().map(SessionClosed::new), resumes(), submits(), accepteds(), events(), results(),
        jobErrors(), reasons().map(JobCancel::new), reasons().map(JobCancelled::new), subscribes(),
        subscribeds(), identifiers("job_").map(JobUnsubscribe::new), vendorMessages()));
  }

  private Arbitrary<Message> hellos() {
    Arbitrary<ClientInfo> clients = Combinators.combine(text(), text(), text().optional())
        .as(ClientInfo::new);
    Arbitrary<Auth> auths = Combinators.combine(Arbitraries.of("bearer", "anonymous"), text().optional())
        .as(Auth::new);
    Arbitrary<ResumeRequest> resumes = Combinators.combine(
            identifiers("sess_").optional(), text(), Arbitraries.longs().greaterOrEqual(0))
        .as(ResumeRequest::new);
    return Combinators.combine(clients.optional(), auths.optional(), capabilities(false), resumes.optional())
        .as(SessionHello::new);
  }

  private Arbitrary<Message> welcomes() {
    return Combinators.combine(
            Combinators.combine(text(), text()).as(RuntimeInfo::new), text(),
            Arbitraries.longs().between(1, 1_000_000),
            Arbitraries.longs().between(1, 3600).optional(), capabilities(true))
        .as((runtime, token, window, heartbeat, caps) -> new SessionWelcome(
            runtime, token, window, heartbeat.map(OptionalLong::of).orElse(OptionalLong.empty()), caps));
  }

  private Arbitrary<Capabilities> capabilities(boolean withAgents) {
    Arbitrary<Set<Feature>> features = Arbitraries.of(Feature.class).set().ofMaxSize(11)
        .map(set -> set.isEmpty() ? Set.of() : EnumSet.copyOf(set));
    Arbitrary<AgentEntry> entries = Arbitraries.oneOf(
        agentNames().map(AgentEntry::named),
        Combinators.combine(agentNames(), versions().list().ofMinSize(1).ofMaxSize(3), versions().optional())
            .as(AgentEntry::versioned));
    Arbitrary<List<AgentEntry>> agents = withAgents ? entries.list().ofMaxSize(3) : Arbitraries.just(List.of());
    return Combinators.combine(Arbitraries.of("json", "cbor").list().ofMaxSize(2), features, agents)
        .as(Capabilities::new);
  }

  private Arbitrary<Message> pings() {
    return Combinators.combine(text(), instants().optional()).as(SessionPing::new);
  }

  private Arbitrary<Message> pongs() {
    return Combinators.combine(text(), instants().optional()).as(SessionPong::new);
  }

  private Arbitrary<Message> listJobs() {
    Arbitrary<JobFilter> filters = Combinators.combine(
            Arbitraries.of(JobStatus.class).list().ofMaxSize(3), agentRefs().optional(),
            instants().optional(), instants().optional())
        .as(JobFilter::new);
    return Combinators.combine(filters, Arbitraries.longs().between(1, 1000).optional(), text().optional())
        .as((filter, limit, cursor) -> new SessionListJobs(
            filter, limit.map(OptionalLong::of).orElse(OptionalLong.empty()), cursor));
  }

  private Arbitrary<Message> jobsPages() {
    Arbitrary<JobSummary> summaries = Combinators.combine(
            identifiers("job_"), agentRefs(), Arbitraries.of(JobStatus.class), leases(),
            identifiers("job_").optional(), instants(), traceIds().optional(),
            Arbitraries.longs().greaterOrEqual(0))
        .as((job, agent, status, lease, parent, created, trace, seq) -> new JobSummary(
            job, agent, status, lease, parent, created, trace, seq, List.of()));
    return Combinators.combine(ids(), summaries.list().ofMaxSize(3), text().optional())
        .as(SessionJobs::new);
  }

  private Arbitrary<Message> resumes() {
    return Combinators.combine(
            text().map(Auth::bearer).optional(), identifiers("sess_").optional(), text(),
            Arbitraries.longs().greaterOrEqual(0))
        .as((auth, session, token, seq) -> new SessionResume(auth, new ResumeRequest(session, token, seq)));
  }

  private Arbitrary<Message> submits() {
    return Combinators.combine(
            agentRefs(), json().optional(), leases(), constraints().optional(), text().optional(),
            Arbitraries.longs().between(1, 86_400).optional())
        .as((agent, input, lease, constraints, key, maxRuntime) -> new JobSubmit(
            agent, input, lease, constraints, key,
            maxRuntime.map(OptionalLong::of).orElse(OptionalLong.empty())));
  }

  /** The first four fields of an acceptance or subscription (jqwik combines at most eight). */
  private record JobHead(String jobId, AgentRef agent, Lease lease, Optional<LeaseConstraints> constraints) {}

  private Arbitrary<JobHead> jobHeads() {
    return Combinators.combine(identifiers("job_"), agentRefs(), leases(), constraints().optional())
        .as(JobHead::new);
  }

  private Arbitrary<Message> accepteds() {
    return Combinators.combine(
            jobHeads(), Arbitraries.of(true, false), budgets(), credentials().list().ofMaxSize(2), instants(),
            traceIds().optional(), identifiers("job_").optional(), text().optional())
        .as((head, withAgent, budget, credentials, accepted, trace, parent, delegate) -> new JobAccepted(
            head.jobId(), withAgent ? Optional.of(head.agent()) : Optional.empty(), head.lease(),
            head.constraints(), budget, credentials, accepted, trace, parent, delegate));
  }

  private Arbitrary<Message> subscribeds() {
    return Combinators.combine(
            jobHeads(), Arbitraries.of(JobStatus.class), budgets(), identifiers("job_").optional(),
            traceIds().optional(), Arbitraries.longs().greaterOrEqual(0), Arbitraries.of(true, false))
        .as((head, status, budget, parent, trace, from, replayed) -> new JobSubscribed(
            head.jobId(), status, head.agent(), head.lease(), head.constraints(), budget, List.of(), parent,
            trace, from, replayed));
  }

  private Arbitrary<Message> events() {
    return Combinators.combine(instants(), eventBodies()).as(JobEventMessage::new);
  }

  private Arbitrary<EventBody> eventBodies() {
    return Arbitraries.oneOf(List.of(
        Combinators.combine(Arbitraries.of(LogLevel.class), text(), json().optional()).as(LogBody::new),
        text().map(ThoughtBody::new),
        Combinators.combine(text(), json().optional(), text()).as(ToolCallBody::new),
        Combinators.combine(text(), json()).as(ToolResultBody::success),
        Combinators.combine(text(), errors()).as(ToolResultBody::failure),
        Combinators.combine(text(), text().optional(), objects()).as(StatusBody::new),
        Combinators.combine(text(), decimals(), text().optional(), objects().optional()).as(MetricBody::new),
        Combinators.combine(text(), text(), Arbitraries.longs().greaterOrEqual(0).optional(), hex(64).optional())
            .as((uri, type, size, sha) -> new ArtifactRefBody(
                uri, type, size.map(OptionalLong::of).orElse(OptionalLong.empty()), sha)),
        Combinators.combine(text(), agentRefs(), json().optional(), leases().optional(), constraints().optional())
            .as(DelegateBody::new),
        Combinators.combine(decimals(), decimals(), text().optional(), text().optional())
            .as((a, b, units, message) -> new ProgressBody(a.min(b), Optional.of(a.max(b)), units, message)),
        Combinators.combine(identifiers("res_"), Arbitraries.longs().greaterOrEqual(0), text(), Arbitraries.of(true, false))
            .as((id, seq, data, more) -> new ResultChunkBody(id, seq, data, ChunkEncoding.UTF8, more)),
        Combinators.combine(identifiers("res_"), Arbitraries.longs().greaterOrEqual(0),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(48), Arbitraries.of(true, false))
            .as((id, seq, bytes, more) -> new ResultChunkBody(
                id, seq, Base64.getEncoder().encodeToString(bytes), ChunkEncoding.BASE64, more)),
        Combinators.combine(Arbitraries.of("x-acme.trace", "x-vendor.acme.span", "future_kind"), json())
            .as(OpaqueEventBody::new)));
  }

  private Arbitrary<Message> results() {
    return Arbitraries.oneOf(
        Combinators.combine(json(), text().optional()).as(JobResult::inline),
        Combinators.combine(identifiers("res_"), Arbitraries.longs().greaterOrEqual(0), text().optional())
            .as(JobResult::streamed),
        text().optional().map(summary -> new JobResult(
            Optional.empty(), Optional.empty(), OptionalLong.empty(), summary)));
  }

  private Arbitrary<Message> jobErrors() {
    return Combinators.combine(
            Arbitraries.of(JobStatus.ERROR, JobStatus.CANCELLED, JobStatus.TIMED_OUT), errors())
        .as(JobError::new);
  }

  private Arbitrary<Message> subscribes() {
    return Combinators.combine(
            identifiers("job_"), Arbitraries.of(true, false), Arbitraries.longs().greaterOrEqual(0).optional())
        .as((job, history, from) -> new JobSubscribe(
            job, history, from.map(OptionalLong::of).orElse(OptionalLong.empty())));
  }

  private Arbitrary<Message> vendorMessages() {
    return Combinators.combine(Arbitraries.of("x-acme.sync", "x-vendor.acme.poke"), objects())
        .as(VendorMessage::new);
  }

  private Arbitrary<ErrorPayload> errors() {
    return Combinators.combine(Arbitraries.of(ErrorCode.class), text(), Arbitraries.of(true, false),
            objects().optional())
        .as((code, message, retryable, details) -> new ErrorPayload(
            code, message, code.retryableIsFixed() ? code.defaultRetryable() : retryable, details));
  }

  private Arbitrary<Credential> credentials() {
    return Combinators.combine(identifiers("cred_"), Arbitraries.just("bearer"), text(),
            Arbitraries.just("https://gateway.example.com/v1"), text().optional(), objects().optional())
        .as(Credential::new);
  }

  private Arbitrary<Lease> leases() {
    return Arbitraries.of(
            Map.<String, List<String>>of(),
            Map.of("fs.read", List.of("/workspace/**")),
            Map.of("fs.write", List.of("/workspace/src/*", "/tmp/**"),
                "net.fetch", List.of("https://api.example.com/**")),
            Map.of("tool.call", List.of("mcp:github/*"), "agent.delegate", List.of("test-runner")),
            Map.of("cost.budget", List.of("USD:5.00", "credits:1000"), "model.use", List.of("tier-fast/*")))
        .map(Lease::parse);
  }

  private Arbitrary<LeaseConstraints> constraints() {
    return instants().optional().map(LeaseConstraints::new);
  }

  private Arbitrary<Map<String, BigDecimal>> budgets() {
    return Arbitraries.maps(Arbitraries.of("USD", "EUR", "credits"), decimals()).ofMaxSize(3);
  }

  private Arbitrary<AgentRef> agentRefs() {
    return Combinators.combine(agentNames(), versions().optional()).as(AgentRef::new);
  }

  private Arbitrary<String> agentNames() {
    return Arbitraries.strings().withChars("abcxyz0129.-_").ofMinLength(0).ofMaxLength(12)
        .map(tail -> "a" + tail);
  }

  private Arbitrary<String> versions() {
    return Arbitraries.strings().withChars("0123456789.+-_abcXYZ").ofMinLength(1).ofMaxLength(10);
  }

  private Arbitrary<String> ids() {
    return Arbitraries.oneOf(identifiers("msg_"), text());
  }

  private Arbitrary<String> identifiers(String prefix) {
    return Arbitraries.strings().withChars("0123456789ABCDEFGHJKMNPQRSTVWXYZ").ofLength(26)
        .map(ulid -> prefix + ulid);
  }

  private Arbitrary<String> traceIds() {
    return hex(32).filter(t -> !t.matches("0+"));
  }

  private Arbitrary<String> hex(int length) {
    return Arbitraries.strings().withChars("0123456789abcdef").ofLength(length);
  }

  /** Non-blank text, including quotes, escapes, control characters and surrogate pairs. */
  private Arbitrary<String> text() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars(" \"\\/\n\t\u0001\u00e9\u2028")
        .ofMinLength(1).ofMaxLength(20).filter(t -> !t.isBlank())
        .map(t -> t.length() % 3 == 0 ? t + "\ud83d\ude00" : t);
  }

  private Arbitrary<Optional<String>> reasons() {
    return text().optional();
  }

  private Arbitrary<Instant> instants() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 4_102_444_800L), Arbitraries.integers().between(0, 999_999_999))
        .as(Instant::ofEpochSecond);
  }

  private Arbitrary<BigDecimal> decimals() {
    return Combinators.combine(Arbitraries.longs().between(0, 10_000_000), Arbitraries.integers().between(0, 6))
        .as(BigDecimal::valueOf);
  }

  private Arbitrary<ObjectNode> extensions() {
    return Arbitraries.of(true, false).map(optional -> NODES.objectNode().put("optional", optional));
  }

  private Arbitrary<ObjectNode> objects() {
    return Combinators.combine(text(), json()).as((key, value) -> {
      ObjectNode node = NODES.objectNode();
      node.set(key, value);
      return node;
    });
  }

  private Arbitrary<JsonNode> json() {
    Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
        text().map(NODES::textNode),
        Arbitraries.integers().map(NODES::numberNode),
        // Whole decimals would come back as integer nodes: equal JSON, unequal trees.
        decimals().filter(d -> d.scale() > 0).map(NODES::numberNode),
        Arbitraries.of(true, false).map(NODES::booleanNode));
    return Arbitraries.oneOf(
        scalars,
        scalars.list().ofMaxSize(3).map(values -> NODES.arrayNode().addAll(values)),
        Combinators.combine(text(), scalars).as((key, value) -> {
          ObjectNode node = NODES.objectNode();
          node.set(key, value);
          return node;
        }));
  }
}
