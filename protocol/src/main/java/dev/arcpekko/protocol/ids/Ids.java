package dev.arcpekko.protocol.ids;

/**
 * Mints the prefixed identifiers the runtime puts on the wire: {@code msg_}, {@code sess_},
 * {@code job_}, {@code del_}, {@code res_}, {@code cred_} and {@code call_} followed by a monotonic
 * {@link Ulid}.
 */
public final class Ids {
  private static final Ulid ULID = new Ulid();

  private Ids() {}

  /** An envelope id. */
  public static String message() {
    return "msg_" + ULID.next();
  }

  public static String session() {
    return "sess_" + ULID.next();
  }

  public static String job() {
    return "job_" + ULID.next();
  }

  /** A delegation's id, also the {@code call_id} of a refused delegation's {@code tool_result}. */
  public static String delegate() {
    return "del_" + ULID.next();
  }

  /** A streamed result's id. */
  public static String result() {
    return "res_" + ULID.next();
  }

  /** A provisioned credential's id. */
  public static String credential() {
    return "cred_" + ULID.next();
  }

  /** A tool call's id, the {@code call_id} of its {@code tool_call} and {@code tool_result}. */
  public static String toolCall() {
    return "call_" + ULID.next();
  }
}
