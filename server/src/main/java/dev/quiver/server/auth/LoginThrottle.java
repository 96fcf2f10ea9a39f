package dev.quiver.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed logins per user name: after {@code maxFailures} failures within {@code window},
 * further attempts for that name are refused, right password or not, until the window has passed
 * since the oldest of them. Slows password guessing without a lock-out that lasts.
 */
public final class LoginThrottle {
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** Whether an attempt for {@code user} may be checked now. */
    public boolean allows(String user) {
        Deque<Long> recent = failures.get(user);
        if (recent == null) {
            return true;
        }
        synchronized (recent) {
            expire(recent);
            return recent.size() < maxFailures;
        }
    }

    /** Records a failed attempt for {@code user}. */
    public void failed(String user) {
        Deque<Long> recent = failures.computeIfAbsent(user, key -> new ArrayDeque<>());
        synchronized (recent) {
            expire(recent);
            recent.addLast(clock.millis());
        }
    }

    /** Forgets the failures of {@code user} after a successful login. */
    public void succeeded(String user) {
        failures.remove(user);
    }

    private void expire(Deque<Long> recent) {
        long oldestKept = clock.millis() - window.toMillis();
        while (!recent.isEmpty() && recent.peekFirst() < oldestKept) {
            recent.removeFirst();
        }
    }
}
