package dev.signet.cli.acme.peers;

/** An ACME client that somebody else wrote, run as a separate process against an ACME server. */
public interface AcmePeer {
    /** Short name used in log file names and assertion messages, e.g. {@code certbot}. */
    String name();

    /** Registers an account if needed and obtains a certificate for the request's domains. */
    PeerResult obtain(AcmeRequest request);

    /** Forces a new certificate for the same lineage (same names), even though the current one is far from expiry. */
    PeerResult renew(AcmeRequest request);

    /** Revokes the lineage's current certificate (reason unspecified). */
    PeerResult revoke(AcmeRequest request);
}
