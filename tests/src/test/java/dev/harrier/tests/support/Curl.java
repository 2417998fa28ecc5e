package dev.harrier.tests.support;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the curl command line, the most common independent HTTP client. {@link ServerFixture#curl}
 * runs it speaking the fixture's protocol.
 */
public final class Curl {

    /** What curl printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** Asserts curl succeeded and returns its output. */
        public String ok() {
            if (exitCode != 0) {
                throw new AssertionError("curl failed with exit code " + exitCode + ": " + stderr);
            }
            return stdout;
        }

        /**
         * Asserts curl was refused in TLS and was told why: OpenSSL's error, which names SSL (a
         * version or certificate refused, the server's alert). Not a refused connection, a
         * reset, a time-out or an HTTP answer.
         */
        public void failedTls() {
            if (exitCode == 0 || !stderr.contains("SSL")) {
                throw new AssertionError("expected curl to fail in TLS; exit code " + exitCode + ": " + stderr + stdout);
            }
        }
    }

    private Curl() {
    }

    /** Runs {@code curl -sS --max-time 30 ARGS...}, feeding {@code stdin} if not null. */
    public static Result run(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
        command.addAll(List.of(args));
        Command.Result result = Command.run(stdin, Duration.ofSeconds(45), command);
        return new Result(result.exitCode(), result.stdout(), result.stderr());
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        return run(null, args);
    }
}
