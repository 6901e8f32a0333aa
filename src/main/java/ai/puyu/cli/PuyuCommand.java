package ai.puyu.cli;

import java.io.InputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code puyu} command line; with no subcommand it serves. */
@Command(name = "puyu", mixinStandardHelpOptions = true, version = "puyu 0.1.0",
        description = "Serve InternLM2 chat models from the JVM.",
        subcommands = {
                ServeCommand.class,
                DemoModelCommand.class,
                TokenizeCommand.class, DetokenizeCommand.class,
                GenerateCommand.class,
                ChatCommand.class,
                BenchCommand.class,
                ApiKeyCommand.class,
        })
public final class PuyuCommand implements Runnable {

    /** Where commands that read lines (tokenize, detokenize, chat) read them; tests replace it. */
    static InputStream stdin = System.in;

    /** Returned by {@link #run(String[])} when the server was started and the JVM must stay up. */
    public static final int KEEP_RUNNING = Integer.MIN_VALUE;

    @Override
    public void run() {
        // Unreachable in practice: run(String...) routes a bare `puyu` to `serve`.
        new CommandLine(this).usage(System.out);
    }

    private static boolean isHelpOrVersion(String arg) {
        return arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version");
    }

    /**
     * The message of the deepest cause: wrappers (Spring's bean-creation errors around a checkpoint error,
     * say) repeat it with noise, and the innermost is the one that says what to fix.
     */
    static String rootMessage(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** The command line with Puyu's error handling: one line {@code puyu: message}, exit code 1. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PuyuCommand());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // One clear line, never a stack trace, for errors the user can act on.
            cmd.getErr().println("puyu: " + rootMessage(ex));
            return 1;
        });
        return cli;
    }

    /** Runs the command line; returns the exit code, or {@link #KEEP_RUNNING} once the server runs. */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        if (args.length == 0 || (args[0].startsWith("-") && !isHelpOrVersion(args[0]))) {
            // `puyu --port 9090` means `puyu serve --port 9090`.
            String[] serve = new String[args.length + 1];
            serve[0] = "serve";
            System.arraycopy(args, 0, serve, 1, args.length);
            args = serve;
        }
        int code = cli.execute(args);
        return ServeCommand.started() ? KEEP_RUNNING : code;
    }
}
