package ai.puyu.conversation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves one millisecond forward each time it is read, so stored times are distinct and predictable. */
final class TickingClock extends Clock {

    /** The first instant it gives: with microseconds, to show the databases keep them. */
    static final Instant START = Instant.parse("2026-01-02T03:04:05.123456Z");

    private final AtomicLong reads = new AtomicLong();

    @Override
    public Instant instant() {
        return START.plusMillis(reads.getAndIncrement());
    }

    /** The instant the next read will give. */
    Instant peek() {
        return START.plusMillis(reads.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("TickingClock is UTC only");
    }
}
