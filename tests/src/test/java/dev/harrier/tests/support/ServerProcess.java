package dev.harrier.tests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Harrier server in a process of its own: the runnable jar ({@code java -jar}, as the README
 * says) or {@link PidServer} on the test class path. Its output goes to a file: a pipe read by
 * this JVM loses what the child prints while it exits.
 */
public final class ServerProcess implements AutoCloseable {

    /** The runnable server, built by the reactor before this module's tests run. */
    public static final Path JAR = Path.of(System.getProperty("harrier.tests.repositoryRoot", ".."))
            .resolve("bundles/server/target/harrier-server.jar").toAbsolutePath().normalize();

    private static final long WAIT_SECONDS = 30;
    private static final String LISTENING = "Now listening on: ";

    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** {@code java JVM_OPTIONS -jar harrier-server.jar ARGS}. */
    public static ServerProcess runnableJar(List<String> jvmOptions, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("build the server first (mvn package): " + JAR);
        }
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        return start(command);
    }

    /** {@link PidServer} with the test class path, these JVM options and arguments. */
    public static ServerProcess pidServer(List<String> jvmOptions, String... args) throws IOException {
        return start(pidServerCommand(jvmOptions, args));
    }

    /**
     * {@link PidServer} started as systemd socket activation starts a service: with a TCP socket
     * already listening on 127.0.0.1 (a port the system chose) as its file descriptor 3, and
     * {@code LISTEN_FDS=1}. A python3 wrapper opens the socket, prints
     * {@code inherited socket on port N} and replaces itself with the server, which keeps its
     * process id.
     */
    public static ServerProcess pidServerWithListeningSocket(List<String> jvmOptions, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", String.join("\n",
                "import os, socket, sys",
                "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
                "s.bind(('127.0.0.1', 0))",
                "s.listen(64)",
                "print('inherited socket on port', s.getsockname()[1], flush=True)",
                "os.dup2(s.fileno(), 3)",
                "os.set_inheritable(3, True)",
                "os.environ['LISTEN_FDS'] = '1'",
                "os.environ['LISTEN_PID'] = str(os.getpid())",
                "os.execv(sys.argv[1], sys.argv[1:])")));
        command.addAll(pidServerCommand(jvmOptions, args));
        return start(command);
    }

    private static List<String> pidServerCommand(List<String> jvmOptions, String... args) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // The test class path quiets logging to warnings (simplelogger.properties); a server
        // process logs what the runnable server does.
        List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, PidServer.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static ServerProcess start(List<String> command) throws IOException {
        Path log = Files.createTempFile("harrier-process", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("HARRIER_URLS");
        return new ServerProcess(builder.start(), log);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public long pid() {
        return process.pid();
    }

    /** Everything the process printed so far. */
    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Waits until the output contains {@code expected}; fails with the output if it never does. */
    public ServerProcess awaitOutput(String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() - deadline < 0) {
            if (output().contains(expected)) {
                return this;
            }
            if (!process.isAlive() && !output().contains(expected)) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("The server never printed '" + expected + "':\n" + output());
    }

    /** The port of the first endpoint the server says it listens on: the real one of a port-0 URL. */
    public int port() throws Exception {
        awaitOutput(LISTENING);
        Matcher listening = Pattern.compile(Pattern.quote(LISTENING) + "\\S+:(\\d+) ").matcher(output());
        if (!listening.find()) {
            throw new AssertionError("The server listens on no port:\n" + output());
        }
        return Integer.parseInt(listening.group(1));
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int awaitExit() throws Exception {
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("The process did not end:\n" + output());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM, waits for the process to end and returns its exit code. */
    public int terminate() throws Exception {
        process.destroy();
        return awaitExit();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        Files.deleteIfExists(log);
    }
}
