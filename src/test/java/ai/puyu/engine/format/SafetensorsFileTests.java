package ai.puyu.engine.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.engine.tensor.DType;
import ai.puyu.engine.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTests {

    @TempDir
    Path dir;

    /** Element k of every tensor is k + 0.5 (as float32), written in chunks of 3 elements. */
    static final SafetensorsWriter.DataSource COUNTING = (spec, sink) -> {
        int size = SafetensorsDTypes.bytes(spec.dtype());
        long n = spec.elementCount();
        for (long start = 0; start < n; start += 3) {
            int m = (int) Math.min(3, n - start);
            ByteBuffer b = ByteBuffer.allocate(m * size).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < m; i++) {
                float v = start + i + 0.5f;
                switch (size) {
                    case 4 -> b.putFloat(v);
                    case 2 -> b.putShort(Float.floatToFloat16(v));
                    default -> {
                        for (int j = 0; j < size; j++) {
                            b.put((byte) (start + i));
                        }
                    }
                }
            }
            sink.put(b.flip());
        }
    };

    private Path write(String name, List<SafetensorsWriter.Spec> specs) throws IOException {
        Path file = dir.resolve(name);
        SafetensorsWriter.write(file, specs, Map.of("format", "pt"), COUNTING, null);
        return file;
    }

    @Test
    void writesTheLayoutTheFormatDefinesAndReadsTensorsBackAsMappedSlices() throws IOException {
        Path file = write("a.safetensors", List.of(
                new SafetensorsWriter.Spec("x", DType.F32, 2, 3),
                new SafetensorsWriter.Spec("y", DType.F16, 5)));

        // Independent check of the byte layout: u64 LE length, JSON padded to 8, then 24 + 10 bytes.
        byte[] raw = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(raw.length).isEqualTo(8 + headerLength + 24 + 10);
        String json = new String(raw, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(json).contains("\"x\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}")
                .contains("\"y\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[24,34]}")
                .contains("\"__metadata__\":{\"format\":\"pt\"}");

        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile f = SafetensorsFile.open(file, arena);
            assertThat(f.entries().keySet()).containsExactly("x", "y");
            assertThat(f.metadata()).containsEntry("format", "pt");
            Tensor x = f.tensor("x");
            assertThat(x.dtype()).isEqualTo(DType.F32);
            assertThat(x.shape()).containsExactly(2, 3);
            assertThat(x.data().isMapped()).isTrue();
            for (int i = 0; i < 6; i++) {
                assertThat(x.data().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i))
                        .isEqualTo(i + 0.5f);
            }
            Tensor y = f.tensor("y");
            short h = y.data().getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4);
            assertThat(Float.float16ToFloat(h)).isEqualTo(4.5f);
        }
    }

    @Test
    void namesTheDtypeWhenATensorHasOneThatPuyuDoesNotCompute() throws IOException {
        Path file = write("q.safetensors", List.of(new SafetensorsWriter.Spec("q", "I8", new long[] {4}),
                new SafetensorsWriter.Spec("d", "F64", new long[] {2})));
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile f = SafetensorsFile.open(file, arena);
            assertThatThrownBy(() -> f.tensor("q")).isInstanceOf(SafetensorsException.class)
                    .hasMessage("q.safetensors: tensor q has unsupported dtype I8 (supported: BF16, F16, F32)");
            assertThatThrownBy(() -> f.tensor("d")).hasMessageContaining("unsupported dtype F64");
        }
    }

    @Test
    void refusesATruncatedFileNamingTheTensorThatRunsPastTheEnd() throws IOException {
        Path file = write("t.safetensors", List.of(new SafetensorsWriter.Spec("a", DType.F32, 4),
                new SafetensorsWriter.Spec("b", DType.F32, 4)));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 5);
        }
        assertThatThrownBy(() -> open(file)).isInstanceOf(SafetensorsException.class)
                .hasMessage("t.safetensors: tensor b: the file is truncated (the tensor ends at data byte 32"
                        + " but the file holds only 27 bytes of data)");
    }

    @Test
    void refusesFilesTooShortForTheHeader() throws IOException {
        Path file = dir.resolve("s.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> open(file)).hasMessageContaining("s.safetensors: the file is truncated");
        Files.write(file, header(400, "{}"));
        assertThatThrownBy(() -> open(file)).hasMessageContaining("the header needs 400 bytes");
    }

    @Test
    void refusesAnImplausibleHeaderLength() throws IOException {
        Path file = dir.resolve("h.safetensors");
        Files.write(file, header(-1, "{}"));
        assertThatThrownBy(() -> open(file))
                .hasMessage("h.safetensors: corrupt safetensors header (header length 18446744073709551615 is not plausible)");
    }

    @Test
    void refusesAHeaderThatIsNotJson() throws IOException {
        Path file = write("c.safetensors", List.of(new SafetensorsWriter.Spec("a", DType.F32, 4)));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("{\"a\":[[[".getBytes(StandardCharsets.UTF_8)), 8);
        }
        assertThatThrownBy(() -> open(file)).isInstanceOf(SafetensorsException.class)
                .hasMessageStartingWith("c.safetensors: corrupt safetensors header (not valid JSON");
    }

    @Test
    void refusesOffsetsThatDisagreeWithTheShape() throws IOException {
        Path file = dir.resolve("o.safetensors");
        String json = "{\"w\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,6]}}";
        byte[] head = header(json.length(), json);
        byte[] all = new byte[head.length + 8];
        System.arraycopy(head, 0, all, 0, head.length);
        Files.write(file, all);
        assertThatThrownBy(() -> open(file)).hasMessage(
                "o.safetensors: tensor w: data_offsets [0, 6] hold 6 bytes but shape [2,2] BF16 needs 8");
    }

    @Test
    void refusesADtypeTheFormatDoesNotDefine() throws IOException {
        Path file = dir.resolve("u.safetensors");
        String json = "{\"w\":{\"dtype\":\"Q4_K\",\"shape\":[2],\"data_offsets\":[0,2]}}";
        byte[] head = header(json.length(), json);
        Files.write(file, java.util.Arrays.copyOf(head, head.length + 2));
        assertThatThrownBy(() -> open(file)).hasMessage("u.safetensors: tensor w: unknown dtype Q4_K");
    }

    @Test
    void writerRefusesADataSourceThatWritesTheWrongNumberOfBytes() {
        var spec = new SafetensorsWriter.Spec("w", DType.F32, 4);
        assertThatThrownBy(() -> SafetensorsWriter.write(dir.resolve("w.safetensors"), List.of(spec), Map.of(),
                (s, sink) -> sink.put(ByteBuffer.allocate(12)), null))
                .hasMessage("tensor w: the data source wrote 12 bytes, expected 16");
        assertThatThrownBy(() -> SafetensorsWriter.write(dir.resolve("w.safetensors"), List.of(spec), Map.of(),
                (s, sink) -> sink.put(ByteBuffer.allocate(20)), null))
                .hasMessageContaining("wrote more than 16 bytes");
    }

    private static void open(Path file) {
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile.open(file, arena);
        }
    }

    private static byte[] header(long length, String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(length).put(text);
        return b.array();
    }
}
