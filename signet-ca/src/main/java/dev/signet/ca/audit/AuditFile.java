package dev.signet.ca.audit;

import ch.qos.logback.core.ContextBase;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedFileNamingAndTriggeringPolicy;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.FileSize;
import dev.signet.ca.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit file: one JSON line per event, appended through logback's rolling file appender, which rolls the file over
 * at midnight UTC and when it reaches its maximum size ({@code audit.2026-11-23.0.log} beside {@code audit.log}) and
 * deletes rolled files older than the history kept. Rolled files are not compressed: logback compresses in the
 * background, and a rolled file must be complete the moment it appears (log shippers pick it up). The file is opened for appending, so
 * logrotate's {@code copytruncate} works too; plain renaming by logrotate does not (the CA would go on writing to
 * the renamed file), which is why Signet rotates the file itself.
 *
 * <p>Time comes from the injected clock (logback's clock is set to it at start and before each line), except that
 * the first period starts at the file's last change when the file exists.
 *
 * <p>Thread-safe: lines are appended one at a time.
 */
public final class AuditFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditFile.class);

    private final Clock clock;
    private final ContextBase context = new ContextBase();
    private final RollingFileAppender<String> appender = new RollingFileAppender<>();
    private final SizeAndTimeBasedFileNamingAndTriggeringPolicy<String> trigger;

    /**
     * Opens (creating it and its directory when needed) the audit file.
     *
     * @param maxHistory days of rolled files to keep
     * @param maxFileSize the size at which the file is rolled over, such as {@code 100MB}
     * @throws ConfigException when the file cannot be opened for appending
     */
    public AuditFile(Path file, int maxHistory, String maxFileSize, Clock clock) {
        this.clock = clock;
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (java.io.IOException e) {
            throw new ConfigException("The audit file " + file + " cannot be opened for appending: " + e.getMessage() + ".", e);
        }
        context.setName("signet-audit");
        trigger = new SizeAndTimeBasedFileNamingAndTriggeringPolicy<>(); // standalone only so that the clock can be set before start
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf(maxFileSize));
        trigger.setCurrentTime(clock.millis());
        TimeBasedRollingPolicy<String> policy = new TimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setFileNamePattern(rolledPattern(absolute));
        policy.setMaxHistory(maxHistory);
        policy.setTimeBasedFileNamingAndTriggeringPolicy(trigger);
        policy.setParent(appender);
        appender.setContext(context);
        appender.setName("audit");
        appender.setFile(absolute.toString());
        appender.setAppend(true);
        appender.setImmediateFlush(true);
        appender.setEncoder(new LineEncoder());
        appender.setRollingPolicy(policy);
        policy.start();
        appender.start();
        if (!policy.isStarted() || !appender.isStarted()) {
            throw new ConfigException("The audit file " + file + " cannot be opened for appending: " + errors() + ".");
        }
        context.getStatusManager().clear();
        context.getStatusManager().add((Status s) -> {
            if (s.getLevel() >= Status.ERROR) LOG.error("The audit file: {}", s.getMessage());
        });
    }

    /** The names rolled files get: {@code audit.log} rolls to {@code audit.2026-11-23.0.log}. */
    static String rolledPattern(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String suffix = dot > 0 ? name.substring(dot) : "";
        return file.resolveSibling(stem + ".%d{yyyy-MM-dd,UTC}.%i" + suffix).toString();
    }

    /** Appends one line (a newline is added). */
    public synchronized void append(String line) {
        trigger.setCurrentTime(clock.millis());
        appender.doAppend(line); // errors reach the status listener registered at start
    }

    @Override
    public synchronized void close() {
        appender.stop();
    }

    private String errors() {
        StringBuilder b = new StringBuilder();
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            if (s.getLevel() >= Status.ERROR) b.append(b.length() == 0 ? "" : "; ").append(s.getMessage());
        }
        return b.length() == 0 ? "the appender did not start" : b.toString();
    }

    /** Writes each line as UTF-8 followed by a newline. */
    private static final class LineEncoder extends EncoderBase<String> {
        @Override
        public byte[] headerBytes() {
            return null;
        }

        @Override
        public byte[] encode(String line) {
            return (line + "\n").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] footerBytes() {
            return null;
        }
    }
}
