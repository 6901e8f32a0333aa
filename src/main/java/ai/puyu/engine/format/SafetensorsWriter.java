package ai.puyu.engine.format;

import ai.puyu.engine.tensor.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams tensors into a safetensors file: the header (with every offset computed up front) goes
 * first, then each tensor's bytes as its {@link DataSource} produces them, chunk by chunk, so a
 * file of any size needs only the memory of one chunk.
 */
public final class SafetensorsWriter {

    /**
     * One tensor to write.
     *
     * @param name  tensor name
     * @param dtype safetensors dtype string (any, so tests can write dtypes Puyu refuses)
     * @param shape dimensions, outermost first
     */
    public record Spec(String name, String dtype, long[] shape) {

        public Spec {
            shape = shape.clone();
            if (SafetensorsDTypes.bytes(dtype) < 0) {
                throw new IllegalArgumentException("unknown safetensors dtype " + dtype);
            }
        }

        public Spec(String name, DType dtype, long... shape) {
            this(name, dtype.safetensorsName(), shape);
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        public long elementCount() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        /** Bytes of this tensor's data. */
        public long byteSize() {
            return Math.multiplyExact(elementCount(), (long) SafetensorsDTypes.bytes(dtype));
        }

        @Override
        public String toString() {
            return name + " " + dtype + Arrays.toString(shape);
        }
    }

    /** Receives the bytes of one tensor, in order, in chunks of any size. */
    @FunctionalInterface
    public interface Sink {
        /** Writes the remaining bytes of {@code chunk} (little-endian elements). */
        void put(ByteBuffer chunk) throws IOException;
    }

    /** Produces the bytes of each tensor; it must put exactly {@link Spec#byteSize()} bytes. */
    @FunctionalInterface
    public interface DataSource {
        void write(Spec spec, Sink sink) throws IOException;
    }

    /** Told after each tensor is written: bytes written so far of {@code total}. */
    @FunctionalInterface
    public interface Progress {
        void written(long done, long total, String tensor);
    }

    private SafetensorsWriter() {
    }

    /**
     * Writes {@code specs} in order to {@code file}, replacing it.
     *
     * @return the size of the data section (sum of the tensor sizes)
     */
    public static long write(Path file, List<Spec> specs, Map<String, String> metadata, DataSource source,
                             Progress progress) throws IOException {
        byte[] header = header(specs, metadata);
        long total = 0;
        for (Spec s : specs) {
            total += s.byteSize();
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
            writeFully(out, length);
            writeFully(out, ByteBuffer.wrap(header));
            long done = 0;
            for (Spec spec : specs) {
                long expected = spec.byteSize();
                long[] written = {0};
                source.write(spec, chunk -> {
                    int n = chunk.remaining();
                    if (written[0] + n > expected) {
                        throw new IllegalStateException("tensor " + spec.name() + ": the data source wrote more than "
                                + expected + " bytes");
                    }
                    writeFully(out, chunk);
                    written[0] += n;
                });
                if (written[0] != expected) {
                    throw new IllegalStateException("tensor " + spec.name() + ": the data source wrote " + written[0]
                            + " bytes, expected " + expected);
                }
                done += expected;
                if (progress != null) {
                    progress.written(done, total, spec.name());
                }
            }
        }
        return total;
    }

    /** The header bytes for {@code specs}: JSON padded with spaces to a multiple of 8 bytes. */
    static byte[] header(List<Spec> specs, Map<String, String> metadata) {
        JsonMapper json = JsonMapper.shared();
        ObjectNode root = json.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (Spec s : specs) {
            if (!names.add(s.name()) || s.name().equals("__metadata__")) {
                throw new IllegalArgumentException("duplicate or reserved tensor name " + s.name());
            }
            ObjectNode e = root.putObject(s.name());
            e.put("dtype", s.dtype());
            ArrayNode shape = e.putArray("shape");
            for (long d : s.shape()) {
                shape.add(d);
            }
            long end = offset + s.byteSize();
            e.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] text = json.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) & ~7;
        byte[] out = Arrays.copyOf(text, padded);
        Arrays.fill(out, text.length, padded, (byte) ' ');
        return out;
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
