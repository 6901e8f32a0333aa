package ai.puyu.cli;

import ai.puyu.PuyuApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code puyu serve}: the web server (chat page, OpenAI API, admin pages). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the Puyu server (default: http://localhost:8080).")
public final class ServeCommand implements Callable<Integer> {

    private static volatile boolean started;

    @Option(names = "--model", description = "Checkpoint directory (default: $PUYU_MODEL, else the demo model).")
    String model;

    @Option(names = "--port", description = "HTTP port (default: 8080).")
    Integer port;

    @Unmatched
    List<String> springArgs = new ArrayList<>();

    static boolean started() {
        return started;
    }

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>(springArgs);
        if (model != null) {
            args.add("--puyu.model-path=" + model);
        }
        if (port != null) {
            args.add("--server.port=" + port);
        }
        SpringApplication.run(PuyuApplication.class, args.toArray(String[]::new));
        started = true;
        return 0;
    }
}
