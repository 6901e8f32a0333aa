package ai.puyu.conversation;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;

/**
 * Spring Data JDBC conversions for this package: roles and statuses are stored by their lower-case wire names.
 * This bean replaces Spring Boot's default {@link JdbcCustomConversions} (there can be only one):
 * other packages that need converters add them here; an enum stored by a name of its own is one
 * {@link #wireNames} line.
 */
@Configuration(proxyBeanMethods = false)
public class ConversationJdbcConfiguration {

    @Bean
    JdbcCustomConversions jdbcCustomConversions(JdbcDialect dialect) {
        return JdbcCustomConversions.of(dialect, List.of(
                wireNames(Role.class, Role::wireName, Role::fromWireName),
                wireNames(MessageStatus.class, MessageStatus::wireName, MessageStatus::fromWireName))
                .stream().flatMap(List::stream).toList());
    }

    /** The writing and the reading converter that store {@code type} as the text {@code name} gives. */
    static <E extends Enum<E>> List<GenericConverter> wireNames(Class<E> type, Function<E, String> name,
                                                                Function<String, E> parse) {
        return List.of(new EnumWriter<>(type, name), new EnumReader<>(type, parse));
    }

    /** Enum to its stored text; only for {@code type} (a {@link GenericConverter}, so not for every enum). */
    @WritingConverter
    record EnumWriter<E extends Enum<E>>(Class<E> type, Function<E, String> name) implements GenericConverter {
        @Override
        public Set<ConvertiblePair> getConvertibleTypes() {
            return Set.of(new ConvertiblePair(type, String.class));
        }

        @Override
        public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
            return source == null ? null : name.apply(type.cast(source));
        }
    }

    /** Stored text back to the enum {@code type}. */
    @ReadingConverter
    record EnumReader<E extends Enum<E>>(Class<E> type, Function<String, E> parse) implements GenericConverter {
        @Override
        public Set<ConvertiblePair> getConvertibleTypes() {
            return Set.of(new ConvertiblePair(String.class, type));
        }

        @Override
        public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
            return source == null ? null : parse.apply((String) source);
        }
    }
}
