package ai.puyu.security;

import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes the first administrator when the server starts and no ADMIN account exists: username
 * {@code puyu.security.admin-username} ({@code admin}), password {@code puyu.security.admin-password}
 * ({@code PUYU_ADMIN_PASSWORD}) or, when that is unset, a random one written once to the log at WARN. There is no
 * fixed default password. Only the web server does this (not the command-line tools).
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@Order(Ordered.HIGHEST_PRECEDENCE)
class FirstAdmin implements ApplicationRunner {

    /** What {@link #ensure} did. */
    enum Outcome {
        /** An administrator existed: nothing was made. */
        EXISTED,
        /** Made with the configured password. */
        CONFIGURED,
        /** Made with a generated password, which was logged. */
        GENERATED
    }

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    /** 20 characters of a 57-letter alphabet: about 116 bits. */
    static final int GENERATED_LENGTH = 20;

    private final UserAccounts accounts;
    private final PuyuSecurityProperties properties;
    private final SecureRandom random = new SecureRandom();

    FirstAdmin(UserAccounts accounts, PuyuSecurityProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        ensure();
    }

    /** Makes the first administrator if none exists. */
    Outcome ensure() {
        if (accounts.anyAdmin()) {
            if (properties.hasAdminPassword()) {
                log.info("An administrator exists already: puyu.security.admin-password (PUYU_ADMIN_PASSWORD) is"
                        + " only used to create the first one and is ignored. Change passwords on /admin/users.");
            }
            return Outcome.EXISTED;
        }
        String username = properties.adminUsername();
        if (properties.hasAdminPassword()) {
            try {
                UserAccounts.validPassword(properties.adminPassword(), username);
            } catch (InvalidUserException e) {
                throw new IllegalStateException("puyu.security.admin-password (PUYU_ADMIN_PASSWORD) is not usable: "
                        + e.getMessage(), e);
            }
            if (!create(username, properties.adminPassword())) {
                return Outcome.EXISTED;
            }
            log.info("Created the first administrator '{}' with the password from PUYU_ADMIN_PASSWORD"
                    + " (puyu.security.admin-password). Sign in at /login.", username);
            return Outcome.CONFIGURED;
        }
        String password = generatePassword();
        if (!create(username, password)) {
            return Outcome.EXISTED;
        }
        log.warn("""

                ********************************************************************************
                No administrator existed, so Puyu created one:
                    username: {}
                    password: {}
                This password is shown only this once. Sign in at /login and change it on
                /account (or set PUYU_ADMIN_PASSWORD before the first start to choose it).
                ********************************************************************************""",
                username, password);
        return Outcome.GENERATED;
    }

    /** Creates the account; false if another instance sharing the database made one first. */
    private boolean create(String username, String password) {
        try {
            accounts.createFirstAdmin(username, password);
            return true;
        } catch (RuntimeException e) {
            if (!UserAccounts.isDuplicate(e)) {
                throw e;
            }
            if (accounts.anyAdmin()) {
                log.info("Another Puyu instance created the first administrator at the same time; keeping it.");
                return false;
            }
            throw new IllegalStateException("No administrator exists and the user '" + username + "' exists without"
                    + " the ADMIN role; set puyu.security.admin-username to another name to create one", e);
        }
    }

    String generatePassword() {
        StringBuilder password = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
