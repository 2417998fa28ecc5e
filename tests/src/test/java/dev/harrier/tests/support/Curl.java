package dev.harrier.tests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the curl command line, the most common independent HTTP client. */
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
    }

    private Curl() {
    }

    /** Runs {@code curl -sS --max-time 30 ARGS...}, feeding {@code stdin} if not null. */
    public static Result run(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        if (!process.waitFor(45, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("curl did not finish: " + command);
        }
        return new Result(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        return run(null, args);
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
