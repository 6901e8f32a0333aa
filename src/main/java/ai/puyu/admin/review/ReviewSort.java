package ai.puyu.admin.review;

import ai.puyu.admin.BadParameterException;
import java.util.Locale;

/**
 * The order of the review list: {@code field[,asc|desc]} with field {@code updated} (last change, the
 * default, newest first), {@code created}, {@code id}, {@code owner}, {@code model} or {@code title};
 * ties are broken by id in the same direction.
 *
 * @param field     the field
 * @param ascending whether smallest first
 */
public record ReviewSort(Field field, boolean ascending) {

    /** Most recently changed first. */
    public static final ReviewSort DEFAULT = new ReviewSort(Field.UPDATED, false);

    /** The sortable fields and their columns. */
    public enum Field {
        UPDATED("c.updated_at"), CREATED("c.created_at"), ID("c.id"), OWNER("c.owner"), MODEL("c.model"),
        TITLE("c.title");

        private final String column;

        Field(String column) {
            this.column = column;
        }
    }

    /** The sort named by a request parameter; null or blank gives {@link #DEFAULT}. */
    public static ReviewSort parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        String[] parts = value.strip().toLowerCase(Locale.ROOT).split(",", -1);
        Field field = null;
        for (Field f : Field.values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(parts[0].strip())) {
                field = f;
            }
        }
        if (field == null || parts.length > 2) {
            throw new BadParameterException("sort", "sort must be updated, created, id, owner, model or title,"
                    + " optionally followed by ,asc or ,desc; not '" + value + "'");
        }
        if (parts.length == 1) {
            return new ReviewSort(field, field == Field.OWNER || field == Field.MODEL || field == Field.TITLE);
        }
        return switch (parts[1].strip()) {
            case "asc" -> new ReviewSort(field, true);
            case "desc" -> new ReviewSort(field, false);
            default -> throw new BadParameterException("sort", "sort direction must be asc or desc, not '" + parts[1] + "'");
        };
    }

    /** The ORDER BY list (fixed column names only). */
    String orderBy() {
        String direction = ascending ? " ASC" : " DESC";
        return field == Field.ID ? "c.id" + direction : field.column + direction + ", c.id" + direction;
    }

    /** As a request parameter. */
    public String toParameter() {
        return field.name().toLowerCase(Locale.ROOT) + (ascending ? ",asc" : ",desc");
    }
}
