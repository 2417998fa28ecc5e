package dev.harrier.server;

import dev.harrier.tls.certificates.DevelopmentCertificate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code harrier dev-certs}, like {@code dotnet dev-certs https}: creates the development
 * certificate for {@code localhost} if there is no usable one, {@code --check}s it,
 * {@code --export}s it for a trust store ({@code --format Pem}, the default) or another server
 * ({@code --format Pfx --password P}), or {@code --clean}s it away.
 */
final class DevCertsCommand {

    static final String USAGE = "usage: harrier dev-certs [--check | --clean | --export PATH [--format Pem|Pfx]"
            + " [--password PASSWORD]]";

    private final DevelopmentCertificate certificate;
    private final PrintStream out;
    private final PrintStream err;

    DevCertsCommand(DevelopmentCertificate certificate, PrintStream out, PrintStream err) {
        this.certificate = certificate;
        this.out = out;
        this.err = err;
    }

    /** Runs the command; returns the exit code: 0 done, 1 no valid certificate (--check), 2 bad usage or failure. */
    int run(String[] args) {
        String action = null;
        Path exportPath = null;
        String format = "pem";
        String password = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--check", "-c", "--clean" -> action = args[i].equals("--clean") ? "clean" : "check";
                case "--export", "--export-path", "-ep" -> {
                    if (++i == args.length) {
                        return usage(args[i - 1] + " needs a file");
                    }
                    action = "export";
                    exportPath = Path.of(args[i]);
                }
                case "--format" -> {
                    if (++i == args.length) {
                        return usage("--format needs Pem or Pfx");
                    }
                    format = args[i].toLowerCase(Locale.ROOT);
                }
                case "--password", "-p" -> {
                    if (++i == args.length) {
                        return usage(args[i - 1] + " needs a value");
                    }
                    password = args[i];
                }
                default -> {
                    return usage("unknown option '" + args[i] + "'");
                }
            }
        }
        if (!format.equals("pem") && !format.equals("pfx")) {
            return usage("--format must be Pem or Pfx");
        }
        try {
            return switch (action == null ? "create" : action) {
                case "check" -> check();
                case "clean" -> clean();
                case "export" -> export(exportPath, format, password);
                default -> create();
            };
        } catch (IOException e) {
            err.println("harrier dev-certs: " + e.getMessage());
            return 2;
        }
    }

    private int create() throws IOException {
        if (certificate.isUsable()) {
            out.println("A valid development certificate already exists: " + describe(certificate.read().orElseThrow()));
            return 0;
        }
        X509Certificate created = certificate.create();
        out.println("Created the development certificate: " + describe(created));
        out.println("Clients trust it once it is in their trust store: harrier dev-certs --export localhost.pem");
        return 0;
    }

    private int check() throws IOException {
        Optional<X509Certificate> existing = certificate.read();
        if (existing.isEmpty()) {
            out.println("No development certificate in " + certificate.directory() + ". Create one with: harrier dev-certs");
            return 1;
        }
        if (!certificate.isUsable()) {
            out.println("The development certificate has expired (or expires within a day): " + describe(existing.get())
                    + ". Replace it with: harrier dev-certs --clean && harrier dev-certs");
            return 1;
        }
        out.println("A valid development certificate was found: " + describe(existing.get()));
        return 0;
    }

    private int clean() throws IOException {
        out.println(certificate.clean() ? "Removed the development certificate from " + certificate.directory()
                : "There was no development certificate in " + certificate.directory());
        return 0;
    }

    private int export(Path file, String format, String password) throws IOException {
        if (format.equals("pfx") && (password == null || password.isEmpty())) {
            return usage("a Pfx export holds the private key: give it a --password");
        }
        if (format.equals("pem") && password != null) {
            return usage("a Pem export is the certificate alone, without the key; --password is for --format Pfx");
        }
        if (!certificate.isUsable()) {
            create();
        }
        if (format.equals("pfx")) {
            certificate.load().writePkcs12(file, password.toCharArray());
            out.println("Exported the development certificate and its private key (PKCS #12) to " + file.toAbsolutePath());
        } else {
            certificate.load().writeCertificatePem(file);
            out.println("Exported the development certificate (PEM) to " + file.toAbsolutePath()
                    + "; for example: curl --cacert " + file + " https://localhost:5001/");
        }
        return 0;
    }

    private String describe(X509Certificate x509) {
        Instant until = x509.getNotAfter().toInstant();
        return x509.getSubjectX500Principal().getName() + ", valid until " + until + ", in " + certificate.directory();
    }

    private int usage(String problem) {
        err.println("harrier dev-certs: " + problem + "\n" + USAGE);
        return 2;
    }
}
