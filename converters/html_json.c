/* html_json.c: one JSON container of a page script read through json-glib (a module
 * of its own, gkconv_htmljson.so: see html_json.h). */
#include "html_json.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The sibling fields frameworks' article objects name title, organ and date with. */
static const char *const title_keys[] = {"title", "articleTitle", "docTitle", "fullTitle",
                                         "mainTitle", NULL};
static const char *const organ_keys[] = {"source", "organ", "organName", "publisher",
                                         "department", "deptName", "unitName", "author", NULL};
static const char *const date_keys[] = {"date", "publishDate", "publishTime", "pubDate",
                                        "releaseDate", "publishedAt", "createTime", NULL};

/* The first non-empty string member of o named in keys, copied; NULL when none (or
 * out of memory, which only loses a sibling field). */
static char *sibling(JsonObject *o, const char *const *keys) {
  for (int i = 0; keys[i]; i++) {
    JsonNode *m = json_object_get_member(o, keys[i]);
    if (m && JSON_NODE_HOLDS_VALUE(m) && json_node_get_value_type(m) == G_TYPE_STRING) {
      const char *v = json_node_get_string(m);
      if (v && *v) return strdup(v);
    }
  }
  return NULL;
}

int gk_html_json_read(const char *json, size_t n, const char *key, long index,
                      gk_html_json_value *out, char *why, size_t whycap) {
  JsonParser *p = json_parser_new_immutable();
  GError *err = NULL;
  if (!json_parser_load_from_data(p, json, (gssize)n, &err)) {
    snprintf(why, whycap, "not JSON: %s", err && err->message ? err->message : "parse error");
    if (err) g_error_free(err);
    g_object_unref(p);
    return 0;
  }
  JsonNode *root = json_parser_get_root(p);
  JsonNode *m = NULL;
  JsonObject *o = NULL;
  if (root && JSON_NODE_HOLDS_OBJECT(root) && key[0]) {
    o = json_node_get_object(root);
    m = json_object_get_member(o, key);
  } else if (root && JSON_NODE_HOLDS_ARRAY(root) && index >= 0) {
    JsonArray *a = json_node_get_array(root);
    if ((guint)index < json_array_get_length(a)) m = json_array_get_element(a, (guint)index);
  }
  int r = 0;
  if (!m || !JSON_NODE_HOLDS_VALUE(m) || json_node_get_value_type(m) != G_TYPE_STRING) {
    snprintf(why, whycap, "json-glib finds no string at ");
  } else {
    const char *v = json_node_get_string(m);
    out->value = strdup(v ? v : "");
    if (!out->value) {
      r = -1;
    } else {
      out->title = o ? sibling(o, title_keys) : NULL;
      out->organ = o ? sibling(o, organ_keys) : NULL;
      out->date = o ? sibling(o, date_keys) : NULL;
      r = 1;
    }
  }
  g_object_unref(p);
  return r;
}
