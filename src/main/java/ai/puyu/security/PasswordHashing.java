package ai.puyu.security;

import java.util.HashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.ClassUtils;

/**
 * Password hashes: Argon2id (Spring Security's 5.8 parameters: 16 MiB, 2 iterations) when Bouncy Castle is on the
 * class path, as Puyu ships it, else bcrypt. Hashes carry their {@code {id}} prefix, so both kinds keep working and
 * an outdated one is replaced at the next sign-in.
 */
@Configuration(proxyBeanMethods = false)
class PasswordHashing {

    static final String ARGON2 = "argon2@SpringSecurity_v5_8";
    static final String BCRYPT = "bcrypt";

    @Bean
    PasswordEncoder passwordEncoder() {
        Map<String, PasswordEncoder> encoders = new HashMap<>();
        encoders.put(BCRYPT, new BCryptPasswordEncoder());
        boolean argon2 = ClassUtils.isPresent("org.bouncycastle.crypto.generators.Argon2BytesGenerator",
                PasswordHashing.class.getClassLoader());
        if (argon2) {
            encoders.put(ARGON2, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8());
        }
        return new DelegatingPasswordEncoder(argon2 ? ARGON2 : BCRYPT, encoders);
    }
}
