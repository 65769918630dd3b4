package com.speedmatch.shared;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows for a user's data export, as JSON-ready maps: column names as they are (snake_case, like
 * the API), timestamps as instants, dates as dates, arrays as lists.
 */
public final class ExportRows {

    private ExportRows() {}

    public static List<Map<String, Object>> query(JdbcTemplate jdbc, String sql, Object... args) {
        return jdbc.query(
                sql,
                (rs, row) -> {
                    ResultSetMetaData meta = rs.getMetaData();
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        values.put(meta.getColumnLabel(i), plain(rs.getObject(i)));
                    }
                    return values;
                },
                args);
    }

    private static Object plain(Object value) throws SQLException {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof Date date) {
            return date.toLocalDate();
        }
        if (value instanceof Array array) {
            return Arrays.asList((Object[]) array.getArray());
        }
        return value;
    }
}
