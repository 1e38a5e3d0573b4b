package dev.arcpekko.cluster.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.arcpekko.runtime.auth.AuditLog;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Captures log events during each test: either what one logger (e.g. the {@code arcp.audit} trail)
 * writes at INFO and above, instead of printing it, or everything the node logs, audit trail
 * included, for tests that look for what must never be logged. Register as an instance field.
 */
final class LogCapture implements BeforeEachCallback, AfterEachCallback {
  private final Logger attachedTo;
  private final Logger atInfo;
  private final boolean exclusive;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(Logger attachedTo, Logger atInfo, boolean exclusive) {
    this.attachedTo = attachedTo;
    this.atInfo = atInfo;
    this.exclusive = exclusive;
  }

  /** What {@code loggerName} writes at INFO and above, kept from the console. */
  LogCapture(String loggerName) {
    this((Logger) LoggerFactory.getLogger(loggerName), (Logger) LoggerFactory.getLogger(loggerName), true);
  }

  /** Everything logged (at the configured levels), and the audit trail at INFO. */
  static LogCapture everything() {
    return new LogCapture((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME),
        (Logger) LoggerFactory.getLogger(AuditLog.LOGGER), false);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    appender.start();
    atInfo.setLevel(Level.INFO);
    if (exclusive) {
      attachedTo.setAdditive(false);
    }
    attachedTo.addAppender(appender);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    attachedTo.detachAppender(appender);
    if (exclusive) {
      attachedTo.setAdditive(true);
    }
    atInfo.setLevel(null);
  }

  /** The events logged so far, in order (the appender appends under its own lock). */
  List<ILoggingEvent> events() {
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  /** The formatted messages logged so far, in order. */
  List<String> lines() {
    return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
