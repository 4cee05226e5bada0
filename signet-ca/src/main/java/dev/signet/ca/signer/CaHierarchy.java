package dev.signet.ca.signer;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * The CA's certificates and keys: a root and the intermediate that signs leaves. {@code rootKey} is null when the root
 * is an existing (corporate) root whose key stays elsewhere, and at run time, where only the intermediate key is
 * loaded. Immutable; the key objects are never handed outside the signer package except to be written encrypted.
 */
public record CaHierarchy(X509Certificate root, PrivateKey rootKey, X509Certificate intermediate, PrivateKey intermediateKey) {}
