package dev.harrier.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs an independent peer's command line (curl, h2load, nghttp, python3) to its end. */
public final class Command {

    /** What a command printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** Asserts the command succeeded and returns its output. */
        public String ok() {
            if (exitCode != 0) {
                throw new AssertionError("exit code " + exitCode + ": " + stderr + stdout);
            }
            return stdout;
        }
    }

    private Command() {
    }

    /**
     * Runs the command, feeding {@code stdin} if not null. A tool that is not installed fails
     * with the package to install; one that does not finish within {@code limit} is killed and
     * fails.
     */
    public static Result run(byte[] stdin, Duration limit, List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " cannot be run (" + e.getMessage() + "): install it, see "
                    + "the README (curl; nghttp2-client for h2load and nghttp; python3-h2; iproute2 for ss)", e);
        }
        CompletableFuture<String> out = readAll(process.getInputStream());
        CompletableFuture<String> err = readAll(process.getErrorStream());
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within " + limit + ": " + command);
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    /** Everything a process writes on one of its streams, read on a thread of its own. */
    static CompletableFuture<String> readAll(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return text;
    }
}
