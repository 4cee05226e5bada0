package dev.signet.ca.storage;

/** An account key (by thumbprint) that already belongs to another account of the provisioner. */
public final class DuplicateKeyException extends RuntimeException {
    public DuplicateKeyException(String thumbprint, Throwable cause) {
        super("The account key " + thumbprint + " is already in use.", cause);
    }
}
