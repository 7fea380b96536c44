package dev.jslab.engine.api.handler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A page of names as the {@code *.NAMES} endpoints answer it: {@code total}, {@code offset},
 * {@code limit} (1,024) and the page under {@code field}. An empty page is written as {@code
 * null} where nats-server's Go slice is nil (streams, templates) and as {@code []} where it is
 * made empty (consumers).
 *
 * <p>Stateless and thread-safe.
 */
final class NamesPage {
  private NamesPage() {}

  static Answer answer(String type, String field, List<String> all, JsonNode request, boolean nullWhenEmpty) {
    int offset = Math.min(Request.offset(request), all.size());
    List<String> page = all.subList(offset, Math.min(all.size(), offset + StreamHandlers.NAMES_LIMIT));
    return Answer.ok(type, g -> {
      g.writeNumberField("total", all.size());
      g.writeNumberField("offset", offset);
      g.writeNumberField("limit", StreamHandlers.NAMES_LIMIT);
      if (page.isEmpty() && nullWhenEmpty) {
        g.writeNullField(field);
        return;
      }
      g.writeArrayFieldStart(field);
      for (String n : page) {
        g.writeString(n);
      }
      g.writeEndArray();
    });
  }
}
