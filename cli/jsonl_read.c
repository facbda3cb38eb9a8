/* jsonl_read.c: gktab's JSONL records read back with json-glib, for --summary-from.
 * A module of its own (gkcli_jsonl.so, loaded by converters/module.c on first use):
 * json-glib pulls in GIO, whose loading would cost every other run of gktab some
 * two million instructions. */
#include "jsonl_read.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

/* A string member of `o`, or NULL when absent or not a string. */
static char *member_str(JsonObject *o, const char *name) {
  JsonNode *n = json_object_get_member(o, name);
  if (!n || JSON_NODE_TYPE(n) != JSON_NODE_VALUE || json_node_get_value_type(n) != G_TYPE_STRING)
    return NULL;
  return strdup(json_node_get_string(n));
}

/* One JSONL record into `r`. Returns 0, or -1 when the line is no gktab record. */
static int record_from_json(gk_record *r, JsonNode *root) {
  memset(r, 0, sizeof *r);
  if (!root || JSON_NODE_TYPE(root) != JSON_NODE_OBJECT) return -1;
  JsonObject *o = json_node_get_object(root);
  char *status = member_str(o, "status");
  int st = status ? gk_status_parse(status) : -1;
  free(status);
  r->source = member_str(o, "source");
  if (st < 0 || !r->source) return -1;
  r->status = (gk_status)st;
  r->error = member_str(o, "error");
  r->format = member_str(o, "format");
  r->schema = member_str(o, "schema");
  r->organ = member_str(o, "organ");
  JsonNode *y = json_object_get_member(o, "year");
  if (y && JSON_NODE_TYPE(y) == JSON_NODE_VALUE) r->year = (int)json_node_get_int(y);
  JsonNode *cn = json_object_get_member(o, "checks");
  if (cn && JSON_NODE_TYPE(cn) == JSON_NODE_ARRAY) {
    JsonArray *a = json_node_get_array(cn);
    for (guint i = 0; i < json_array_get_length(a); i++) {
      JsonNode *e = json_array_get_element(a, i);
      if (JSON_NODE_TYPE(e) != JSON_NODE_OBJECT) return -1;
      JsonObject *c = json_node_get_object(e);
      char *id = member_str(c, "id"), *sev = member_str(c, "severity");
      int rc = id && sev ? gk_record_add_check(r, id,
                                                strcmp(sev, "error") == 0     ? GK_SEV_ERROR
                                                : strcmp(sev, "warning") == 0 ? GK_SEV_WARNING
                                                                              : GK_SEV_NOTE,
                                                NULL, NULL, NULL, "")
                         : -1;
      free(id);
      free(sev);
      if (rc) return -1;
    }
  }
  return 0;
}

int gk_jsonl_read_records(FILE *f, const char *path, gk_record **out, size_t *nout, FILE *err) {
  *out = NULL;
  *nout = 0;
  GArray *recs = g_array_new(FALSE, TRUE, sizeof(gk_record));
  JsonParser *parser = json_parser_new();
  char *line = NULL;
  size_t cap = 0, lineno = 0;
  ssize_t len;
  int code = 0;
  while ((len = getline(&line, &cap, f)) >= 0) {
    lineno++;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
    if (len == 0) continue;
    GError *e = NULL;
    gk_record r;
    if (!json_parser_load_from_data(parser, line, len, &e) ||
        record_from_json(&r, json_parser_get_root(parser)) != 0) {
      fprintf(err, "gktab: %s:%zu: not a gktab JSONL record%s%s\n", path, lineno,
              e ? ": " : "", e ? e->message : "");
      if (e) g_error_free(e);
      else gk_record_clear(&r);
      code = 2;
      break;
    }
    g_array_append_val(recs, r);
  }
  if (ferror(f)) {
    fprintf(err, "gktab: %s: read error\n", path);
    code = 2;
  }
  free(line);
  g_object_unref(parser);
  if (code != 0) {
    for (guint i = 0; i < recs->len; i++) gk_record_clear(&g_array_index(recs, gk_record, i));
    g_array_free(recs, TRUE);
    return code;
  }
  *nout = recs->len;
  *out = (gk_record *)(void *)g_array_free(recs, FALSE);
  return 0;
}
