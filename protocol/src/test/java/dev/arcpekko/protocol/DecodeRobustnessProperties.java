package dev.arcpekko.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a peer sends, decoding answers with a typed envelope or a rejection: valid frames of
 * every type, mutated at random (fields removed, values replaced by values of other types), never
 * make the codec throw.
 */
class DecodeRobustnessProperties {
  private static final ArcpCodec CODEC = new ArcpCodec();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> SEEDS = List.of(
      "{'arcp':'1.1','id':'m','type':'session.hello','payload':{'client':{'name':'c','version':'1'},"
          + "'auth':{'scheme':'bearer','token':'t'},'capabilities':{'encodings':['json'],'features':['ack']},"
          + "'resume':{'session_id':'s','resume_token':'rt','last_event_seq':4}}}",
      "{'arcp':'1.1','id':'m','type':'session.welcome','payload':{'runtime':{'name':'r','version':'1'},"
          + "'resume_token':'rt','resume_window_sec':600,'heartbeat_interval_sec':30,'capabilities':"
          + "{'agents':['a',{'name':'b','versions':['1'],'default':'1'}]}}}",
      "{'arcp':'1.1','id':'m','type':'job.submit','session_id':'s','payload':{'agent':'echo@1.0.0',"
          + "'input':{'x':[1,2]},'lease_request':{'fs.read':['/w/**'],'net.fetch':['https://a.b/**'],"
          + "'cost.budget':['USD:5.00']},'lease_constraints':{'expires_at':'2030-01-01T00:00:00Z'},"
          + "'idempotency_key':'k','max_runtime_sec':5}}",
      "{'arcp':'1.1','id':'m','type':'job.accepted','payload':{'job_id':'j','agent':'a@1','lease':{},"
          + "'budget':{'USD':5.0},'credentials':[{'id':'c','scheme':'bearer','value':'v','endpoint':'e'}],"
          + "'accepted_at':'2026-01-01T00:00:00Z','trace_id':'4bf92f3577b34da6a3ce929d0e0e4736'}}",
      "{'arcp':'1.1','id':'m','type':'job.event','job_id':'j','event_seq':1,'payload':{'kind':'progress',"
          + "'ts':'2026-01-01T00:00:00Z','body':{'current':1,'total':2}}}",
      "{'arcp':'1.1','id':'m','type':'job.event','job_id':'j','event_seq':1,'payload':{'kind':'tool_result',"
          + "'ts':'2026-01-01T00:00:00Z','body':{'call_id':'c','error':{'code':'TIMEOUT','message':'m',"
          + "'retryable':true}}}}",
      "{'arcp':'1.1','id':'m','type':'job.event','job_id':'j','event_seq':1,'payload':{'kind':'result_chunk',"
          + "'ts':'2026-01-01T00:00:00Z','body':{'result_id':'r','chunk_seq':0,'data':'aGk=',"
          + "'encoding':'base64','more':false}}}",
      "{'arcp':'1.1','id':'m','type':'job.event','job_id':'j','event_seq':1,'payload':{'kind':'delegate',"
          + "'ts':'2026-01-01T00:00:00Z','body':{'delegate_id':'d','agent':'a','lease_request':"
          + "{'fs.read':['/w/**']},'lease_constraints':{'expires_at':'2030-01-01T00:00:00Z'}}}}",
      "{'arcp':'1.1','id':'m','type':'job.event','job_id':'j','event_seq':1,'payload':{'kind':'metric',"
          + "'ts':'2026-01-01T00:00:00Z','body':{'name':'cost.x','value':0.5,'unit':'USD','dims':{'a':1}}}}",
      "{'arcp':'1.1','id':'m','type':'job.result','job_id':'j','event_seq':2,'payload':"
          + "{'final_status':'success','result_id':'r','result_size':3}}",
      "{'arcp':'1.1','id':'m','type':'job.error','event_seq':2,'payload':{'final_status':'error',"
          + "'code':'INTERNAL_ERROR','message':'boom','retryable':true,'details':{'a':1}}}",
      "{'arcp':'1.1','id':'m','type':'session.list_jobs','payload':{'filter':{'status':['running'],"
          + "'agent':'a','created_after':'2026-01-01T00:00:00Z'},'limit':5,'cursor':'c'}}",
      "{'arcp':'1.1','id':'m','type':'session.jobs','payload':{'request_id':'m','jobs':[{'job_id':'j',"
          + "'agent':'a@1','status':'running','lease':{},'created_at':'2026-01-01T00:00:00Z',"
          + "'last_event_seq':3}],'next_cursor':null}}",
      "{'arcp':'1.1','id':'m','type':'job.subscribed','payload':{'job_id':'j','current_status':'running',"
          + "'agent':'a','lease':{},'subscribed_from':1,'replayed':true}}",
      "{'arcp':'1.1','id':'m','type':'job.subscribe','job_id':'j','payload':{'history':true,'from_event_seq':0}}",
      "{'arcp':'1.1','id':'m','type':'session.ping','payload':{'nonce':'n','sent_at':'2026-01-01T00:00:00Z'}}");

  @Property(tries = 3000)
  void mutatedFramesAreDecodedOrRejectedNeverThrown(
      @ForAll("seeds") String seed, @ForAll long mutationSeed) throws Exception {
    ObjectNode frame = (ObjectNode) CODEC.parse(seed.replace('\'', '"'));
    mutate(frame, new Random(mutationSeed));

    DecodeResult result = CODEC.decode(frame.toString());

    assertThat(result).isNotNull();
    if (result instanceof DecodeResult.Rejected rejected) {
      assertThat(rejected.error().message()).isNotBlank().doesNotContain("Exception");
    }
  }

  @Provide
  Arbitrary<String> seeds() {
    return Arbitraries.of(SEEDS);
  }

  /** Up to three mutations anywhere in the tree: drop a field or replace a value. */
  private static void mutate(JsonNode root, Random random) {
    int mutations = 1 + random.nextInt(3);
    for (int i = 0; i < mutations; i++) {
      List<JsonNode> containers = new ArrayList<>();
      collectContainers(root, containers);
      JsonNode container = containers.get(random.nextInt(containers.size()));
      if (container instanceof ObjectNode object && object.size() > 0) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        String name = names.get(random.nextInt(names.size()));
        if (random.nextInt(4) == 0) {
          object.remove(name);
        } else {
          object.set(name, randomValue(random));
        }
      } else if (container instanceof ArrayNode array && array.size() > 0) {
        array.set(random.nextInt(array.size()), randomValue(random));
      }
    }
  }

  private static void collectContainers(JsonNode node, List<JsonNode> into) {
    if (node.isContainerNode()) {
      into.add(node);
      node.forEach(child -> collectContainers(child, into));
    }
  }

  private static JsonNode randomValue(Random random) {
    switch (random.nextInt(12)) {
      case 0: return NODES.nullNode();
      case 1: return NODES.booleanNode(random.nextBoolean());
      case 2: return NODES.numberNode(random.nextInt(7) - 3);
      case 3: return NODES.numberNode(new BigDecimal("-0.5"));
      case 4: return NODES.numberNode(new BigDecimal("1E+400"));
      case 5: return NODES.textNode("");
      case 6: return NODES.textNode(" ");
      case 7: return NODES.textNode("x-acme.thing");
      case 8: return NODES.textNode("2026-01-01T00:00:00+01:00");
      case 9: return NODES.arrayNode().add("a").add(1);
      case 10: return NODES.objectNode().put("optional", true);
      default: return NODES.textNode("running");
    }
  }
}
