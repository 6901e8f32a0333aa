package ai.puyu.cli;

import ai.puyu.PuyuApplication;
import ai.puyu.admin.users.ApiKeyAdministration;
import ai.puyu.audit.AuditLog;
import ai.puyu.conversation.ApiKey;
import ai.puyu.conversation.CreatedApiKey;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code puyu api-key create|list|revoke}: manages {@code /v1} API keys in the configured database, without
 * starting the web server or loading the model (a lazy, non-web Spring context). With the default H2 file database
 * this works only while no server runs (the server holds the file); a running server's keys are managed on its
 * page {@code /admin/keys}.
 */
@Command(name = "api-key", mixinStandardHelpOptions = true,
        description = {"Create, list or revoke API keys for the OpenAI-compatible API (/v1).",
                "With the H2 file database, stop the server first, or use its page /admin/keys."},
        subcommands = {ApiKeyCommand.Create.class, ApiKeyCommand.ListKeys.class, ApiKeyCommand.Revoke.class})
public final class ApiKeyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** H2's error code for a database file that another process holds open. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    /**
     * Runs {@code action} with the key administration of a lazy, non-web context over the configured database. Key
     * changes are audited with the actor {@code cli}. While a server holds the H2 file, this fails with one line
     * pointing to the admin page.
     */
    static <T> T withKeys(List<String> springArgs, Function<ApiKeyAdministration, T> action) {
        SpringApplication app = new SpringApplication(PuyuApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setLazyInitialization(true);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        List<String> args = new ArrayList<>(springArgs);
        args.add("--logging.level.root=WARN");
        args.add("--logging.level.ai.puyu=WARN");
        // failures end as one line "puyu: ..." (PuyuCommand), not as Spring's start-up report and stack trace
        args.add("--logging.level.org.springframework=ERROR");
        args.add("--logging.level.org.springframework.boot.SpringApplication=OFF");
        args.add("--logging.level.org.flywaydb=ERROR");
        try (ConfigurableApplicationContext context = app.run(args.toArray(String[]::new))) {
            return action.apply(context.getBean(ApiKeyAdministration.class));
        } catch (RuntimeException e) {
            if (databaseInUse(e)) {
                throw new IllegalStateException("the H2 database is in use by a running Puyu server: manage keys on"
                        + " its page /admin/keys (signed in as an administrator), or stop the server first");
            }
            throw e;
        }
    }

    private static boolean databaseInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }

    /** {@code puyu api-key create NAME}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key and print it once (only its hash is stored).")
    static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "What the key is for.")
        String name;

        @Unmatched
        List<String> springArgs = new ArrayList<>();

        @Override
        public Integer call() {
            CreatedApiKey key = withKeys(springArgs, keys -> keys.create(AuditLog.CLI, name));
            PrintWriter out = spec.commandLine().getOut();
            out.println(key.plaintext());
            out.flush();
            spec.commandLine().getErr().println("API key '" + key.apiKey().name() + "' (id " + key.apiKey().id()
                    + ") created. It is shown only this once: store it now."
                    + " Send it as 'Authorization: Bearer <key>'.");
            return 0;
        }
    }

    /** {@code puyu api-key list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never their secrets).")
    static final class ListKeys implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Unmatched
        List<String> springArgs = new ArrayList<>();

        @Override
        public Integer call() {
            List<ApiKey> all = withKeys(springArgs, ApiKeyAdministration::list);
            PrintWriter out = spec.commandLine().getOut();
            for (ApiKey k : all) {
                out.printf("%d\t%s...\t%s\t%s%n", k.id(), k.prefix(), k.name(),
                        k.active() ? "active" : "revoked " + k.revokedAt());
            }
            out.flush();
            return 0;
        }
    }

    /** {@code puyu api-key revoke ID}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by its id.")
    static final class Revoke implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The key's id (see list).")
        long id;

        @Unmatched
        List<String> springArgs = new ArrayList<>();

        @Override
        public Integer call() {
            ApiKey key = withKeys(springArgs, keys -> keys.revoke(AuditLog.CLI, id)).orElseThrow(
                    () -> new IllegalArgumentException("there is no API key with id " + id));
            spec.commandLine().getOut().println("revoked " + key.id() + " (" + key.name() + ")");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
