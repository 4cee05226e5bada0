package dev.signet.ca.ra;

import dev.signet.ca.storage.AcmeAccount;

/** An account returned by newAccount, and whether this request created it (201) or found it (200). Immutable. */
public record AccountResult(AcmeAccount account, boolean created) {}
