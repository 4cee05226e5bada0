package dev.signet.ca.storage;

import java.time.Instant;

/**
 * One audit trail entry: who did what to which object, when, and how it ended. Immutable.
 *
 * @param actor the provisioner, admin or component that acted (e.g. {@code provisioner:acme}, {@code ca})
 * @param action a dotted verb (e.g. {@code certificate.issue}, {@code ca.start})
 * @param target what was acted on (e.g. a serial number), or empty
 * @param outcome {@code success} or {@code failure}
 * @param detail a short free-text or JSON detail, or empty
 */
public record AuditEvent(Instant at, String actor, String action, String target, String outcome, String detail) {}
