package dev.harrier.app;

import dev.harrier.http.ApplicationLifetime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The kernel's {@link ApplicationLifetime}: started, stopping and stopped, each once. */
final class Lifetime implements ApplicationLifetime {

    private static final Logger LOG = LoggerFactory.getLogger(Lifetime.class);

    private enum State { NEW, STARTED, STOPPING, STOPPED }

    private State state = State.NEW;
    private final List<Runnable> started = new ArrayList<>();
    private final List<Runnable> stopping = new ArrayList<>();
    private final List<Runnable> stopped = new ArrayList<>();

    @Override
    public synchronized boolean isReady() {
        return state == State.STARTED;
    }

    @Override
    public void onStarted(Runnable action) {
        register(action, started, State.STARTED);
    }

    @Override
    public void onStopping(Runnable action) {
        register(action, stopping, State.STOPPING);
    }

    @Override
    public void onStopped(Runnable action) {
        register(action, stopped, State.STOPPED);
    }

    void markStarted() {
        advance(State.STARTED, started);
    }

    void markStopping() {
        advance(State.STOPPING, stopping);
    }

    void markStopped() {
        advance(State.STOPPED, stopped);
    }

    private void register(Runnable action, List<Runnable> list, State when) {
        synchronized (this) {
            if (state.compareTo(when) < 0) {
                list.add(action);
                return;
            }
        }
        run(action);
    }

    private void advance(State next, List<Runnable> actions) {
        List<Runnable> due;
        synchronized (this) {
            if (state.compareTo(next) >= 0) {
                return;
            }
            state = next;
            due = List.copyOf(actions);
            actions.clear();
        }
        due.forEach(Lifetime::run);
    }

    private static void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("A lifetime callback failed", e);
        }
    }
}
