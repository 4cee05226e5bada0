package dev.signet.cli.certificate;

import picocli.CommandLine.Command;

/** {@code signet certificate ...}: offline certificate tools. */
@Command(name = "certificate", mixinStandardHelpOptions = true, description = "Create, inspect and verify certificates.",
        subcommands = {InspectCommand.class, VerifyCommand.class, FingerprintCommand.class, CreateCommand.class, NeedsRenewalCommand.class})
public final class CertificateCommand {}
