package dev.graphlet.advisor.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (or SIGTERM) for a command that cleans up on its own thread: the shutdown hook raises {@code stopping} and
 * waits, at most {@code wait}, until the command has closed everything ({@link #close}). It waits for that, not for
 * the command's thread, which may itself be blocked in {@code System.exit} until the hook returns.
 */
final class GracefulStop implements AutoCloseable {

    private final AtomicBoolean stopping;
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook;

    GracefulStop(String name, AtomicBoolean stopping, Duration wait) {
        this(name, stopping, wait, () -> { });
    }

    /** @param interrupt wakes the command from a blocking call once {@code stopping} is raised (a consumer's wakeup) */
    GracefulStop(String name, AtomicBoolean stopping, Duration wait, Runnable interrupt) {
        this.stopping = stopping;
        this.hook = new Thread(() -> {
            stopping.set(true);
            interrupt.run();
            try {
                cleanedUp.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Everything is closed: a waiting hook returns; without a stop request the hook is removed. */
    @Override
    public void close() {
        cleanedUp.countDown();
        if (!stopping.get()) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }
}
