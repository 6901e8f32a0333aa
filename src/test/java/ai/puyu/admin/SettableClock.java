package ai.puyu.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test clock that stands at an instant the test sets and moves one microsecond forward each time it is read,
 * so stored times are distinct and predictable.
 */
final class SettableClock extends Clock {

    /** Where it starts: a fixed instant. */
    static final Instant START = Instant.parse("2026-03-10T12:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);

    @Override
    public Instant instant() {
        return now.getAndUpdate(t -> t.plusNanos(1000));
    }

    /** Moves the clock to {@code instant}. */
    void set(Instant instant) {
        now.set(instant);
    }

    /** Moves the clock by {@code duration}. */
    void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    /** The instant the next read gives. */
    Instant peek() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
