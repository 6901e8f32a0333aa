package ai.puyu.engine.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Large zero-filled off-heap buffers (the KV cache, quantized weights) that cost nothing until written.
 * {@link Arena#allocate} zeroes every byte up front, which for a 5 GB KV cache took 8 s on first use and
 * committed all of it at once; on Linux these come from an anonymous private {@code mmap} instead, whose
 * pages the kernel zero-fills on first touch, and are unmapped when the arena closes. Elsewhere, or if the
 * call fails, {@link Arena#allocate}.
 */
public final class OffHeap {

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20; // the same values on x86_64 and aarch64
    private static final int PAGE = 4096;
    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;

    static {
        MethodHandle mmap = null;
        MethodHandle munmap = null;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
                munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            } catch (RuntimeException | LinkageError e) {
                mmap = null; // no native access: fall back to the arena
                munmap = null;
            }
        }
        MMAP = mmap;
        MUNMAP = munmap;
    }

    private OffHeap() {
    }

    /** Whether buffers come from mmap (pages committed on first touch) rather than the arena. */
    public static boolean mapped() {
        return MMAP != null;
    }

    /**
     * {@code bytes} of zeroes, page-aligned where mapped (else aligned to 64 bytes), freed when {@code arena}
     * closes (an automatic arena: when the segment is no longer reachable).
     */
    public static MemorySegment allocate(Arena arena, long bytes) {
        if (bytes <= 0 || MMAP == null) {
            return arena.allocate(Math.max(bytes, 0), 64);
        }
        long length = (bytes + PAGE - 1) / PAGE * PAGE;
        MemorySegment address;
        try {
            address = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, length, PROT_READ_WRITE,
                    MAP_PRIVATE_ANONYMOUS, -1, 0L);
        } catch (Throwable e) {
            return arena.allocate(bytes, 64);
        }
        if (address.address() == -1L) { // MAP_FAILED: let the arena try (and report OutOfMemoryError if it fails too)
            return arena.allocate(bytes, 64);
        }
        return address.reinterpret(length, arena, OffHeap::unmap).asSlice(0, bytes);
    }

    private static void unmap(MemorySegment segment) {
        try {
            int rc = (int) MUNMAP.invokeExact(segment, segment.byteSize());
            assert rc == 0 : "munmap failed";
        } catch (Throwable e) {
            throw new IllegalStateException("munmap failed", e);
        }
    }
}
