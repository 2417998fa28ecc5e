package dev.harrier.app;

import dev.harrier.kernel.ConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Flat {@code harrier.*} settings merged from every source, with ASP.NET Core's precedence:
 * code &gt; command line &gt; environment &gt; config file &gt; defaults. Keys compare without
 * regard to case, so {@code HARRIER_LIMITS_MAXREQUESTBODYSIZE} sets
 * {@code harrier.limits.maxRequestBodySize}.
 */
public final class Configuration {

    /** The config file read from the working directory unless {@code --config FILE} names another. */
    public static final String DEFAULT_FILE = "harrier.properties";

    private static final String SOCKET_KEYS =
            "(backlog|tcpnodelay|keepalive|reuseport|tcpfastopen|tcpdeferaccept|tcpquickack|filepermissions)";

    private static final String CERTIFICATE_KEYS = "certificate\\.(path|password|keypath|keypassword)";
    private static final String TLS_KEYS = "(" + CERTIFICATE_KEYS + "|sslprotocols|clientcertificatemode)";
    private static final String TRUST_KEYS = "clientcertificatetrust\\.(path|password)";

    private static final List<Pattern> KNOWN_KEYS = List.of(
            Pattern.compile("harrier\\.urls"),
            Pattern.compile("harrier\\.transport"),
            Pattern.compile("harrier\\.transportfallback"),
            Pattern.compile("harrier\\.protocols"),
            Pattern.compile("harrier\\.socket\\." + SOCKET_KEYS),
            Pattern.compile("harrier\\.eventloopthreads"),
            Pattern.compile("harrier\\.scheduling"),
            Pattern.compile("harrier\\.virtualthreadcarriers"),
            Pattern.compile("harrier\\.addserverheader"),
            Pattern.compile("harrier\\.shutdowntimeout"),
            Pattern.compile("harrier\\.environment"),
            Pattern.compile("harrier\\.tls\\.provider"),
            Pattern.compile("harrier\\.certificates\\.reloadinterval"),
            Pattern.compile("harrier\\.certificates\\.default\\.(path|password|keypath|keypassword)"),
            Pattern.compile("harrier\\.endpointdefaults\\.(sslprotocols|clientcertificatemode|" + TRUST_KEYS + ")"),
            Pattern.compile("harrier\\.limits\\.(maxconcurrentconnections|maxrequestbodysize|maxrequestlinesize"
                    + "|maxrequestheaderstotalsize|maxrequestheadercount|maxrequestbuffersize"
                    + "|maxresponsebuffersize|keepalivetimeout|requestheaderstimeout|maxconcurrentupgradedconnections"
                    + "|tlshandshaketimeout"
                    + "|(minrequestbodydatarate|minresponsedatarate)\\.(bytespersecond|graceperiod))"),
            Pattern.compile("harrier\\.limits\\.http2\\.(maxstreamsperconnection|headertablesize|maxframesize"
                    + "|maxrequestheaderfieldsize|initialconnectionwindowsize|initialstreamwindowsize"
                    + "|keepalivepingdelay|keepalivepingtimeout)"),
            Pattern.compile("harrier\\.http3\\.(maxrequestheaderfieldsize|qpackmaxtablecapacity|qpackblockedstreams)"),
            Pattern.compile("harrier\\.quic\\.(maxbidirectionalstreams|maxunidirectionalstreams|initialconnectionwindowsize"
                    + "|initialstreamwindowsize|addressvalidation|handshakesbeforevalidation|secretfile)"),
            Pattern.compile("harrier\\.disablealtsvcheader"),
            Pattern.compile("harrier\\.endpoints\\.[a-z0-9_-]+\\.(url|transport|protocols|disablealtsvcheader)"),
            Pattern.compile("harrier\\.endpoints\\.[a-z0-9_-]+\\.socket\\." + SOCKET_KEYS),
            Pattern.compile("harrier\\.endpoints\\.[a-z0-9_-]+\\.(" + TLS_KEYS + "|" + TRUST_KEYS + "|rejectunknownsni)"),
            Pattern.compile("harrier\\.endpoints\\.[a-z0-9_-]+\\.sni\\.(\\*|(\\*\\.)?[a-z0-9_-]+(\\.[a-z0-9_-]+)*)\\."
                    + TLS_KEYS));

    /** The keys read again when the server starts; every other key is read when the app is created. */
    private static final List<Pattern> READ_AT_START = List.of(
            Pattern.compile("harrier\\.urls"),
            Pattern.compile("harrier\\.disablealtsvcheader"),
            Pattern.compile("harrier\\.endpoints\\.[a-z0-9_-]+\\.(url|transport|protocols|disablealtsvcheader|socket\\."
                    + SOCKET_KEYS + ")"));

    private record Setting(String key, String value, String source) {
    }

    /** Lower-cased key to the setting that wins so far. */
    private final Map<String, Setting> settings = new LinkedHashMap<>();
    /** What relative file paths in settings are resolved against. */
    private final Path workingDirectory;
    /** Set once an app has read its options: later settings of those keys would be ignored. */
    private boolean optionsBound;

    private Configuration(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    /**
     * Reads the config file, the {@code HARRIER_*} environment and the command line.
     *
     * @param args the command line: {@code --urls U}, {@code --config FILE},
     *             {@code --harrier.KEY=VALUE} or {@code --harrier.KEY VALUE}
     * @param env  the environment
     * @param workingDirectory where {@code harrier.properties} is looked for
     */
    public static Configuration load(String[] args, Map<String, String> env, Path workingDirectory) {
        Map<String, Setting> commandLine = parseArgs(args);
        Configuration config = new Configuration(workingDirectory);
        Setting configFile = commandLine.remove("config");
        Path file = configFile != null ? workingDirectory.resolve(configFile.value) : workingDirectory.resolve(DEFAULT_FILE);
        if (configFile != null || Files.exists(file)) {
            config.readFile(file);
        }
        env.forEach((name, value) -> {
            if (name.startsWith("HARRIER_")) {
                String key = name.toLowerCase(Locale.ROOT).replace('_', '.');
                config.put(key, value, "environment variable " + name);
            }
        });
        commandLine.values().forEach(s -> config.put(s.key, s.value, s.source));
        return config;
    }

    /** An empty configuration: defaults only. */
    public static Configuration empty() {
        return new Configuration(Path.of(""));
    }

    /**
     * Sets a value from code, the highest precedence. Once a {@link WebApp} has been created on
     * this configuration only the URLs and the endpoints' URL, transport, protocols and socket
     * keys can still be set: the app has read the others.
     *
     * @throws IllegalStateException for a key the app has already read, naming how to set it
     */
    public void set(String key, String value) {
        requireUnread(key);
        put(key, value, "code");
    }

    /**
     * Sets a value unless a source already has, below every source: how a distribution (such
     * as the runnable server) changes a built-in default. Takes the same keys as {@link #set}.
     */
    public void setDefault(String key, String value) {
        requireUnread(key);
        if (get(key) == null) {
            put(key, value, "defaults");
        }
    }

    /** An app has read its options from this configuration (see {@link #set}). */
    void optionsBound() {
        optionsBound = true;
    }

    private void requireUnread(String key) {
        String normalized = key.trim().toLowerCase(Locale.ROOT);
        if (optionsBound && READ_AT_START.stream().noneMatch(p -> p.matcher(normalized).matches())) {
            throw new IllegalStateException("'" + key + "' was read when the app was created: set it before then, on the "
                    + "Configuration passed to WebApp.create(configuration, registry), or through app.options() and app.limits()");
        }
    }

    /** The value of a key, or {@code null}. */
    public String get(String key) {
        Setting s = settings.get(key.toLowerCase(Locale.ROOT));
        return s == null ? null : s.value;
    }

    /** Where the value of a key came from, for error messages. */
    public String sourceOf(String key) {
        Setting s = settings.get(key.toLowerCase(Locale.ROOT));
        return s == null ? "defaults" : s.source;
    }

    /** A file named by a key, resolved against the working directory the configuration was loaded in; or {@code null}. */
    public Path path(String key) {
        String value = get(key);
        return value == null ? null : workingDirectory.resolve(value);
    }

    /** The (lower-case) keys that start with {@code prefix}, in the order first set. */
    List<String> keysUnder(String prefix) {
        String lower = prefix.toLowerCase(Locale.ROOT);
        return settings.keySet().stream().filter(k -> k.startsWith(lower)).toList();
    }

    /** The names of the endpoints configured under {@code harrier.endpoints.NAME.*}. */
    public List<String> endpointNames() {
        TreeSet<String> names = new TreeSet<>();
        for (String key : settings.keySet()) {
            if (key.startsWith("harrier.endpoints.")) {
                String rest = key.substring("harrier.endpoints.".length());
                names.add(rest.substring(0, rest.indexOf('.')));
            }
        }
        return new ArrayList<>(names);
    }

    private void put(String key, String value, String source) {
        String normalized = key.trim().toLowerCase(Locale.ROOT);
        if (KNOWN_KEYS.stream().noneMatch(p -> p.matcher(normalized).matches())) {
            throw new ConfigurationException("Unknown configuration key '" + key + "' (from " + source
                    + "). Check its spelling; the keys are listed in the README's configuration table.");
        }
        settings.put(normalized, new Setting(key, value.trim(), source));
    }

    private void readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read the config file " + file.toAbsolutePath()
                    + ": " + e + ". Fix the path given with --config, or remove the option.", e);
        }
        for (String name : new TreeSet<>(properties.stringPropertyNames())) {
            put(name, properties.getProperty(name), "config file " + file);
        }
    }

    private static Map<String, Setting> parseArgs(String[] args) {
        Map<String, Setting> parsed = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new ConfigurationException("Unexpected command-line argument '" + arg
                        + "'. Use --urls URLS, --config FILE or --harrier.KEY=VALUE.");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new ConfigurationException("Command-line option '" + arg + "' needs a value.");
            }
            String key = switch (name.toLowerCase(Locale.ROOT)) {
                case "urls" -> "harrier.urls";
                case "config" -> "config";
                default -> name;
            };
            parsed.put(key.toLowerCase(Locale.ROOT), new Setting(key, value, "command line " + arg));
        }
        return parsed;
    }
}
