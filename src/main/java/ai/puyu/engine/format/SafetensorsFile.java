package ai.puyu.engine.format;

import ai.puyu.engine.tensor.DType;
import ai.puyu.engine.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A safetensors file memory-mapped read-only through the FFM API. Tensors are slices of the
 * mapping, never copies; they stay valid as long as the {@link Arena} given to {@link #open} is open.
 * Layout: an unsigned 64-bit little-endian header length N, N bytes of JSON, then the data section.
 */
public final class SafetensorsFile {

    private static final ValueLayout.OfLong U64_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final SafetensorsHeader header;
    private final MemorySegment data;

    private SafetensorsFile(Path path, SafetensorsHeader header, MemorySegment data) {
        this.path = path;
        this.header = header;
        this.data = data;
    }

    /**
     * Maps {@code path} into {@code arena} and validates its header.
     *
     * @throws SafetensorsException when the file is missing, truncated or its header is corrupt
     */
    public static SafetensorsFile open(Path path, Arena arena) {
        String file = String.valueOf(path.getFileName());
        MemorySegment mapped;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new SafetensorsException(file + ": the file is truncated (" + size
                        + " bytes, not even the 8-byte header length)");
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (NoSuchFileException e) {
            throw new SafetensorsException(file + ": no such file (" + path + ")");
        } catch (IOException e) {
            throw new SafetensorsException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        long size = mapped.byteSize();
        long headerLength = mapped.get(U64_LE, 0);
        if (headerLength < 2 || headerLength > SafetensorsHeader.MAX_HEADER_BYTES) {
            throw new SafetensorsException(file + ": corrupt safetensors header (header length "
                    + Long.toUnsignedString(headerLength) + " is not plausible)");
        }
        if (8 + headerLength > size) {
            throw new SafetensorsException(file + ": the file is truncated (the header needs "
                    + headerLength + " bytes but only " + (size - 8) + " follow the length)");
        }
        byte[] json = mapped.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
        MemorySegment data = mapped.asSlice(8 + headerLength);
        SafetensorsHeader header = SafetensorsHeader.parse(file, json, data.byteSize());
        return new SafetensorsFile(path, header, data);
    }

    public Path path() {
        return path;
    }

    /** The file name, as error messages show it. */
    public String fileName() {
        return String.valueOf(path.getFileName());
    }

    /** Tensor entries by name, in header order. */
    public Map<String, SafetensorsEntry> entries() {
        return header.entries();
    }

    /** The {@code __metadata__} map (empty when absent). */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    public boolean contains(String name) {
        return header.entries().containsKey(name);
    }

    /** Bytes of the data section (everything after the header). */
    public long dataSize() {
        return data.byteSize();
    }

    /**
     * The named tensor as a slice of the mapping.
     *
     * @throws SafetensorsException when it is absent or its dtype is not one Puyu computes with
     */
    public Tensor tensor(String name) {
        SafetensorsEntry e = header.entries().get(name);
        if (e == null) {
            throw new SafetensorsException(fileName() + ": tensor " + name + " is missing");
        }
        DType dtype = DType.fromSafetensors(e.dtype());
        if (dtype == null) {
            throw new SafetensorsException(fileName() + ": tensor " + name + " has unsupported dtype " + e.dtype()
                    + " (supported: BF16, F16, F32)");
        }
        return new Tensor(name, dtype, e.shape(), data.asSlice(e.begin(), e.byteSize()));
    }
}
