package dev.arcpekko.cluster.logging;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Shows Logback's own warnings and errors (a broken appender, an unreadable file) on stderr.
 * Without a listener Logback prints them to stdout, which carries the protocol in stdio mode;
 * Logback's console listeners would also echo every informational status at each start.
 */
public final class StderrStatusListener implements StatusListener {

  @Override
  public void addStatusEvent(Status status) {
    if (status.getLevel() >= Status.WARN) {
      System.err.println(status);
      if (status.getThrowable() != null) {
        status.getThrowable().printStackTrace(System.err);
      }
    }
  }
}
