package ai.puyu;

import ai.puyu.cli.PuyuCommand;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Puyu: the Spring Boot application behind {@code ./puyu serve}, and the entry point of the jar. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PuyuApplication {

    public static void main(String[] args) {
        int code = PuyuCommand.run(args);
        if (code != PuyuCommand.KEEP_RUNNING) {
            System.exit(code);
        }
    }
}
