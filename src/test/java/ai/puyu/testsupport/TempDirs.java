package ai.puyu.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Temporary directories for the data of a Puyu started by a test class (one per JVM and prefix). */
public final class TempDirs {

    private TempDirs() {
    }

    /** A new temporary directory whose name starts with {@code prefix}; fails the class loading if none can be made. */
    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
