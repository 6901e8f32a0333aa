package ai.puyu.conversation;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;

/**
 * Spring Data JDBC conversions for this package: roles and statuses are stored in lower case.
 * This bean replaces Spring Boot's default {@link JdbcCustomConversions} (there can be only one):
 * other packages that need converters add them here.
 */
@Configuration(proxyBeanMethods = false)
public class ConversationJdbcConfiguration {

    @Bean
    JdbcCustomConversions jdbcCustomConversions(JdbcDialect dialect) {
        return JdbcCustomConversions.of(dialect, List.of(
                new RoleWriter(), new RoleReader(), new StatusWriter(), new StatusReader()));
    }

    @WritingConverter
    static final class RoleWriter implements Converter<Role, String> {
        @Override
        public String convert(Role role) {
            return role.wireName();
        }
    }

    @ReadingConverter
    static final class RoleReader implements Converter<String, Role> {
        @Override
        public Role convert(String name) {
            return Role.fromWireName(name);
        }
    }

    @WritingConverter
    static final class StatusWriter implements Converter<MessageStatus, String> {
        @Override
        public String convert(MessageStatus status) {
            return status.wireName();
        }
    }

    @ReadingConverter
    static final class StatusReader implements Converter<String, MessageStatus> {
        @Override
        public MessageStatus convert(String name) {
            return MessageStatus.fromWireName(name);
        }
    }
}
