package dev.signet.cli.ca;

import picocli.CommandLine.Command;

/** {@code signet ca ...}: run and talk to the certificate authority. */
@Command(name = "ca", mixinStandardHelpOptions = true, description = "Initialise, run and query the certificate authority.",
        subcommands = {InitCommand.class, StartCommand.class, HealthCommand.class, RootCommand.class,
                CertificateCommand.class, CertificatesCommand.class, AcmeCommand.class, TokenCommand.class, RenewCommand.class,
                RevokeCommand.class, BootstrapCommand.class, ProvisionerCommand.class, BackupCommand.class, RestoreCommand.class,
                InstallUnitsCommand.class})
public final class CaCommand {}
