package dev.arcpekko.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class PathCanonicalisationProperties {
  private static final Lease WORKSPACE = Lease.parse(Map.of("fs.read", List.of("/workspace/**")));

  @Property
  void canonicalPathHasNoDotOrEmptySegments(@ForAll("pathsUnderWorkspace") String path) {
    String canonical = TargetKind.PATH.canonicalise(path).orElseThrow();

    assertThat(canonical).matches("/|(/[^/]+)+");
    assertThat(canonical.split("/")).doesNotContain(".", "..");
  }

  @Property
  void dotDotNeverEscapesTheWorkspace(@ForAll("pathsUnderWorkspace") String path) {
    boolean staysInside = staysInsideWorkspace(path);
    Statistics.label("stays inside")
        .collect(staysInside)
        .coverage(coverage -> coverage.check(false).percentage(share -> share > 10));

    assertThat(WORKSPACE.permits(CapabilityName.FS_READ, path)).isEqualTo(staysInside);
  }

  /** The obvious stack-based resolution, as the model. */
  private static boolean staysInsideWorkspace(String path) {
    Deque<String> stack = new ArrayDeque<>();
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        stack.pollLast();
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        stack.addLast(segment);
      }
    }
    return "workspace".equals(stack.peekFirst());
  }

  @Provide
  Arbitrary<String> pathsUnderWorkspace() {
    return Arbitraries.of("a", "b", "..", ".", "")
        .list()
        .ofMaxSize(8)
        .map(segments -> "/workspace/" + String.join("/", segments));
  }
}
