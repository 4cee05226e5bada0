package dev.signet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The build's version, from a resource Maven fills in. */
public final class Version implements CommandLine.IVersionProvider {
    public static final String VALUE = load();

    @Override
    public String[] getVersion() {
        return new String[] {"Signet " + VALUE + " (Java " + Runtime.version() + ")"};
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/signet-version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
