package ai.puyu.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OffHeapTests {

    @Test
    void buffersAreZeroedWritableAndExactlySized() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = OffHeap.allocate(arena, 10_001);
            assertThat(s.byteSize()).isEqualTo(10_001);
            for (long i = 0; i < s.byteSize(); i++) {
                assertThat(s.get(ValueLayout.JAVA_BYTE, i)).isZero();
            }
            s.set(ValueLayout.JAVA_BYTE, 0, (byte) 7);
            s.set(ValueLayout.JAVA_BYTE, 10_000, (byte) 9);
            assertThat(s.get(ValueLayout.JAVA_BYTE, 10_000)).isEqualTo((byte) 9);
            assertThatThrownBy(() -> s.get(ValueLayout.JAVA_BYTE, 10_001)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void closingTheArenaReleasesTheBuffer() {
        MemorySegment s;
        try (Arena arena = Arena.ofConfined()) {
            s = OffHeap.allocate(arena, 1 << 20);
        }
        assertThatThrownBy(() -> s.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
    }

    /** A gigabyte of KV cache costs nothing until written: pages are committed as they are touched. */
    @Test
    void onLinuxPagesAreCommittedOnlyWhenTouched() throws IOException {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "Linux only");
        assertThat(OffHeap.mapped()).isTrue();
        try (Arena arena = Arena.ofConfined()) {
            long before = residentBytes();
            MemorySegment s = OffHeap.allocate(arena, 1L << 30);
            assertThat(s.address() % 4096).isZero();
            long afterAllocate = residentBytes();
            for (long o = 0; o < (64L << 20); o += 4096) {
                s.set(ValueLayout.JAVA_BYTE, o, (byte) 1);
            }
            long afterTouch = residentBytes();
            assertThat(afterAllocate - before).isLessThan(32L << 20);
            assertThat(afterTouch - afterAllocate).isGreaterThan(48L << 20);
        }
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
