package dev.systemtrust.cli.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedValuesInInsertionOrderWithEscapes() {
        Map<String, Object> inner = Json.object();
        inner.put("z", 1);
        inner.put("a", List.of());
        Map<String, Object> document = Json.object();
        document.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 é");
        document.put("none", null);
        document.put("flag", false);
        document.put("list", List.of("x", 2L));
        document.put("inner", inner);
        document.put("empty", Json.object());

        assertThat(Json.write(document)).isEqualTo("""
                {
                  "text": "quote \\" backslash \\\\ newline \\n tab \\t bell \\u0007 é",
                  "none": null,
                  "flag": false,
                  "list": [
                    "x",
                    2
                  ],
                  "inner": {
                    "z": 1,
                    "a": []
                  },
                  "empty": {}
                }
                """);
    }

    @Test
    void refusesWhatIsNotAJsonValue() {
        assertThatThrownBy(() -> Json.write(List.of(new Object()))).isInstanceOf(IllegalArgumentException.class);
    }
}
