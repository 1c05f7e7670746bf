/*
 * node-label-score: a Keelson scheduler bundle (scheduler interface 2.0) in plain C11.
 *
 * It offers one framework plugin, NodeLabelScore (PreScore + Score), that prefers nodes by the
 * value of one of their labels. Its args, given in a profile's pluginConfig:
 *
 *     {"label": "disktype", "values": {"ssd": 100, "hdd": 10}, "default": 0}
 *
 * A node whose label `label` has a value listed in `values` scores that number (0..100); any
 * other node (label absent or another value) scores `default`. The host multiplies the score
 * by the plugin's weight in the profile.
 *
 * The bundle keeps its own cache of node labels from node_event, indexed by the host's node
 * numbers, and each plugin caches the score it computed per node, stamped with the node's
 * generation, so a Score call over thousands of nodes does no string work for unchanged nodes.
 *
 * JSON handling is a small hand-written reader (see "JSON reader"): it decodes strings with
 * every JSON escape and walks objects and arrays, which is all this plugin needs.
 */
#include "keelson_plugin.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLUGIN_NAME "NodeLabelScore"
#define KEY_MAX 320   /* a label key: DNS prefix (253) + '/' + name (63), plus room */
#define VALUE_MAX 64  /* a label value: at most 63 characters */
#define MAX_DEPTH 64  /* nesting the JSON reader follows before refusing a document */

/* ------------------------------------------------------------------------ */
/* JSON reader                                                               */
/* ------------------------------------------------------------------------ */

typedef struct cursor {
    const char *p;
    const char *end;
} cursor;

static void skip_ws(cursor *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) c->p++;
}

static bool take(cursor *c, char ch) {
    skip_ws(c);
    if (c->p >= c->end || *c->p != ch) return false;
    c->p++;
    return true;
}

static int hex_digit(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

static bool read_hex4(cursor *c, unsigned *out) {
    if (c->end - c->p < 4) return false;
    unsigned value = 0;
    for (int i = 0; i < 4; i++) {
        int digit = hex_digit(c->p[i]);
        if (digit < 0) return false;
        value = value * 16 + (unsigned)digit;
    }
    c->p += 4;
    *out = value;
    return true;
}

/* Appends one byte to out (capacity cap, NUL kept) or marks the string too long. */
static void put(char *out, size_t cap, size_t *len, bool *too_long, char byte) {
    if (*len + 1 < cap) out[(*len)++] = byte;
    else *too_long = true;
}

/* Reads a JSON string at the cursor into out (NUL-terminated, escapes decoded, \uXXXX as UTF-8).
 * Returns false when the JSON is malformed; a string that does not fit sets *too_long and is
 * consumed anyway (out then holds a prefix). */
static bool read_string(cursor *c, char *out, size_t cap, bool *too_long) {
    size_t len = 0;
    *too_long = false;
    if (!take(c, '"')) return false;
    while (c->p < c->end) {
        char ch = *c->p++;
        if (ch == '"') {
            out[len] = '\0';
            return true;
        }
        if ((unsigned char)ch < 0x20) return false;
        if (ch != '\\') {
            put(out, cap, &len, too_long, ch);
            continue;
        }
        if (c->p >= c->end) return false;
        char escape = *c->p++;
        switch (escape) {
        case '"': case '\\': case '/': put(out, cap, &len, too_long, escape); break;
        case 'b': put(out, cap, &len, too_long, '\b'); break;
        case 'f': put(out, cap, &len, too_long, '\f'); break;
        case 'n': put(out, cap, &len, too_long, '\n'); break;
        case 'r': put(out, cap, &len, too_long, '\r'); break;
        case 't': put(out, cap, &len, too_long, '\t'); break;
        case 'u': {
            unsigned code;
            if (!read_hex4(c, &code)) return false;
            if (code >= 0xD800 && code <= 0xDBFF) { /* a surrogate pair */
                unsigned low;
                if (c->end - c->p < 6 || c->p[0] != '\\' || c->p[1] != 'u') return false;
                c->p += 2;
                if (!read_hex4(c, &low) || low < 0xDC00 || low > 0xDFFF) return false;
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            } else if (code >= 0xDC00 && code <= 0xDFFF) {
                return false;
            }
            if (code < 0x80) {
                put(out, cap, &len, too_long, (char)code);
            } else if (code < 0x800) {
                put(out, cap, &len, too_long, (char)(0xC0 | (code >> 6)));
                put(out, cap, &len, too_long, (char)(0x80 | (code & 0x3F)));
            } else if (code < 0x10000) {
                put(out, cap, &len, too_long, (char)(0xE0 | (code >> 12)));
                put(out, cap, &len, too_long, (char)(0x80 | ((code >> 6) & 0x3F)));
                put(out, cap, &len, too_long, (char)(0x80 | (code & 0x3F)));
            } else {
                put(out, cap, &len, too_long, (char)(0xF0 | (code >> 18)));
                put(out, cap, &len, too_long, (char)(0x80 | ((code >> 12) & 0x3F)));
                put(out, cap, &len, too_long, (char)(0x80 | ((code >> 6) & 0x3F)));
                put(out, cap, &len, too_long, (char)(0x80 | (code & 0x3F)));
            }
            break;
        }
        default: return false;
        }
    }
    return false;
}

/* Skips one JSON value of any type. */
static bool skip_value(cursor *c, int depth) {
    skip_ws(c);
    if (c->p >= c->end || depth > MAX_DEPTH) return false;
    char ch = *c->p;
    if (ch == '"') {
        for (c->p++; c->p < c->end; c->p++) {
            if (*c->p == '\\') c->p++;
            else if (*c->p == '"') {
                c->p++;
                return true;
            }
        }
        return false;
    }
    if (ch == '{' || ch == '[') {
        char close = ch == '{' ? '}' : ']';
        c->p++;
        if (take(c, close)) return true;
        for (;;) {
            if (ch == '{') {
                char key[8];
                bool too_long;
                if (!read_string(c, key, sizeof key, &too_long) || !take(c, ':')) return false;
            }
            if (!skip_value(c, depth + 1)) return false;
            if (take(c, close)) return true;
            if (!take(c, ',')) return false;
        }
    }
    const char *start = c->p;
    while (c->p < c->end && ((*c->p >= '0' && *c->p <= '9') || *c->p == '-' || *c->p == '+' || *c->p == '.' ||
                             *c->p == 'e' || *c->p == 'E' || (*c->p >= 'a' && *c->p <= 'z'))) {
        c->p++;
    }
    return c->p > start; /* a number or true/false/null */
}

/* Iterates an object's members: call with *first = true after taking '{'. Returns 1 with the
 * member's key in `key` and the cursor at its value (which the caller must consume), 0 at the
 * end of the object, -1 for malformed JSON. */
static int next_member(cursor *c, bool *first, char *key, size_t cap, bool *key_too_long) {
    if (take(c, '}')) return 0;
    if (!*first && !take(c, ',')) return -1;
    *first = false;
    if (!read_string(c, key, cap, key_too_long) || !take(c, ':')) return -1;
    return 1;
}

/* Reads an integer (no fraction or exponent). */
static bool read_int(cursor *c, long long *out) {
    skip_ws(c);
    const char *start = c->p;
    bool negative = c->p < c->end && *c->p == '-';
    if (negative) c->p++;
    long long value = 0;
    int digits = 0;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
        if (digits++ > 15) return false;
        value = value * 10 + (*c->p++ - '0');
    }
    if (digits == 0 || (c->p < c->end && (*c->p == '.' || *c->p == 'e' || *c->p == 'E'))) {
        c->p = start;
        return false;
    }
    *out = negative ? -value : value;
    return true;
}

static bool at_null(cursor *c) {
    skip_ws(c);
    return c->end - c->p >= 4 && memcmp(c->p, "null", 4) == 0;
}

/* ------------------------------------------------------------------------ */
/* The bundle's state                                                        */
/* ------------------------------------------------------------------------ */

typedef struct label {
    char *key;
    char *value;
} label;

/* One node of the cache, at its host index. */
typedef struct node_entry {
    bool present;
    uint64_t generation; /* changes whenever the node's labels may have changed */
    label *labels;
    size_t label_count;
} node_entry;

struct keelson_instance {
    const keelson_host *host;
    node_entry *nodes;
    size_t node_capacity;
    uint64_t generations; /* the last generation handed out */
    char last_error[256];
};

typedef struct value_score {
    char value[VALUE_MAX];
    int64_t score;
} value_score;

/* One NodeLabelScore of one profile. */
struct keelson_sched_plugin {
    char label[KEY_MAX];
    value_score *values;
    size_t value_count;
    int64_t default_score;
    /* Score cache per node index: valid while stamps[i] equals the node's generation. */
    int64_t *scores;
    uint64_t *stamps;
    size_t cache_capacity;
};

/* A decoded pod: this plugin looks only at nodes, so it keeps nothing of the pod. */
struct keelson_sched_pod {
    unsigned char unused;
};

struct keelson_sched_cycle {
    keelson_sched_pod *pod;
};

static void set_error(keelson_instance *self, const char *format, ...) {
    va_list args;
    va_start(args, format);
    vsnprintf(self->last_error, sizeof self->last_error, format, args);
    va_end(args);
}

static void write_text(keelson_sink *sink, const char *text) {
    if (sink != NULL && sink->write != NULL) sink->write(sink, text, strlen(text));
}

static void free_labels(label *labels, size_t count) {
    for (size_t i = 0; i < count; i++) {
        free(labels[i].key);
        free(labels[i].value);
    }
    free(labels);
}

static char *copy_string(const char *text) {
    size_t len = strlen(text) + 1;
    char *copy = malloc(len);
    if (copy != NULL) memcpy(copy, text, len);
    return copy;
}

/* ------------------------------------------------------------------------ */
/* Cluster state                                                             */
/* ------------------------------------------------------------------------ */

/* Reads metadata.labels of a Node object at the cursor into a fresh array. Labels whose key or
 * value is longer than Kubernetes allows are left out. */
static bool read_node_labels(cursor *c, label **out, size_t *out_count) {
    char key[KEY_MAX], value[VALUE_MAX];
    bool first = true, too_long;
    if (!take(c, '{')) return false;
    int more;
    while ((more = next_member(c, &first, key, sizeof key, &too_long)) == 1) {
        if (strcmp(key, "metadata") != 0 || too_long) {
            if (!skip_value(c, 1)) return false;
            continue;
        }
        bool meta_first = true;
        if (!take(c, '{')) return false;
        int meta;
        while ((meta = next_member(c, &meta_first, key, sizeof key, &too_long)) == 1) {
            if (strcmp(key, "labels") != 0 || too_long || at_null(c)) {
                if (!skip_value(c, 2)) return false;
                continue;
            }
            bool labels_first = true;
            if (!take(c, '{')) return false;
            int entry;
            while ((entry = next_member(c, &labels_first, key, sizeof key, &too_long)) == 1) {
                bool key_too_long = too_long;
                if (!read_string(c, value, sizeof value, &too_long)) return false;
                if (key_too_long || too_long) continue;
                label *grown = realloc(*out, (*out_count + 1) * sizeof **out);
                if (grown == NULL) return false;
                *out = grown;
                grown[*out_count].key = copy_string(key);
                grown[*out_count].value = copy_string(value);
                if (grown[*out_count].key == NULL || grown[*out_count].value == NULL) {
                    free(grown[*out_count].key);
                    free(grown[*out_count].value);
                    return false;
                }
                (*out_count)++;
            }
            if (entry < 0) return false;
        }
        if (meta < 0) return false;
    }
    return more == 0;
}

static bool ensure_node_capacity(keelson_instance *self, uint32_t index) {
    if (index < self->node_capacity) return true;
    size_t capacity = self->node_capacity ? self->node_capacity : 64;
    while (capacity <= index) capacity *= 2;
    node_entry *grown = realloc(self->nodes, capacity * sizeof *grown);
    if (grown == NULL) return false;
    memset(grown + self->node_capacity, 0, (capacity - self->node_capacity) * sizeof *grown);
    self->nodes = grown;
    self->node_capacity = capacity;
    return true;
}

/* {"type":"ADDED|MODIFIED|DELETED","object":{Node}}, members in any order. */
static keelson_status nls_node_event(keelson_instance *self, uint32_t index, const char *json, size_t len) {
    cursor c = {json, json + len};
    char key[KEY_MAX], type[16] = "";
    bool first = true, too_long, have_object = false;
    label *labels = NULL;
    size_t count = 0;
    int more;
    if (!take(&c, '{')) goto malformed;
    while ((more = next_member(&c, &first, key, sizeof key, &too_long)) == 1) {
        if (strcmp(key, "type") == 0) {
            if (!read_string(&c, type, sizeof type, &too_long)) goto malformed;
        } else if (strcmp(key, "object") == 0) {
            if (!read_node_labels(&c, &labels, &count)) goto malformed;
            have_object = true;
        } else if (!skip_value(&c, 1)) {
            goto malformed;
        }
    }
    if (more < 0 || !have_object) goto malformed;
    if (!ensure_node_capacity(self, index)) {
        free_labels(labels, count);
        set_error(self, "node_event: out of memory");
        return KEELSON_ERR_INTERNAL;
    }
    node_entry *node = &self->nodes[index];
    if (strcmp(type, "DELETED") == 0) {
        free_labels(labels, count);
        free_labels(node->labels, node->label_count);
        *node = (node_entry){0};
        node->generation = ++self->generations;
        return KEELSON_OK;
    }
    if (strcmp(type, "ADDED") != 0 && strcmp(type, "MODIFIED") != 0) {
        free_labels(labels, count);
        set_error(self, "node_event: unknown event type \"%s\"", type);
        return KEELSON_ERR_INVALID_ARGUMENT;
    }
    free_labels(node->labels, node->label_count);
    node->present = true;
    node->labels = labels;
    node->label_count = count;
    node->generation = ++self->generations;
    return KEELSON_OK;

malformed:
    free_labels(labels, count);
    set_error(self, "node_event: not a watch event with a Node object (malformed JSON)");
    return KEELSON_ERR_INVALID_ARGUMENT;
}

/* Pods and namespaces do not change a label score. */
static keelson_status nls_pod_event(keelson_instance *self, const char *json, size_t len) {
    (void)self, (void)json, (void)len;
    return KEELSON_OK;
}

static keelson_status nls_namespace_event(keelson_instance *self, const char *json, size_t len) {
    (void)self, (void)json, (void)len;
    return KEELSON_OK;
}

/* ------------------------------------------------------------------------ */
/* Plugins of profiles                                                       */
/* ------------------------------------------------------------------------ */

static const char *const args_shape =
    PLUGIN_NAME " args are {\"label\":\"<label key>\",\"values\":{\"<label value>\":<0-100>},\"default\":<0-100>}";

static void free_plugin(keelson_sched_plugin *plugin) {
    if (plugin == NULL) return;
    free(plugin->values);
    free(plugin->scores);
    free(plugin->stamps);
    free(plugin);
}

/* Parses the args into the plugin; on failure writes one line to `error`. */
static bool parse_args(keelson_sched_plugin *plugin, const char *json, size_t len, keelson_sink *error) {
    char message[512], key[KEY_MAX];
    cursor c = {json, json + len};
    bool first = true, too_long, have_label = false;
    int more;
    if (at_null(&c) || !take(&c, '{')) {
        snprintf(message, sizeof message, "%s: missing args", args_shape);
        write_text(error, message);
        return false;
    }
    while ((more = next_member(&c, &first, key, sizeof key, &too_long)) == 1) {
        if (strcmp(key, "label") == 0) {
            if (!read_string(&c, plugin->label, sizeof plugin->label, &too_long) || too_long || plugin->label[0] == '\0') {
                snprintf(message, sizeof message, "%s args: label must be a non-empty label key", PLUGIN_NAME);
                write_text(error, message);
                return false;
            }
            have_label = true;
        } else if (strcmp(key, "default") == 0) {
            long long score;
            if (!read_int(&c, &score) || score < 0 || score > 100) {
                snprintf(message, sizeof message, "%s args: default must be an integer in 0..100", PLUGIN_NAME);
                write_text(error, message);
                return false;
            }
            plugin->default_score = score;
        } else if (strcmp(key, "values") == 0) {
            bool values_first = true;
            int entry;
            if (!take(&c, '{')) {
                snprintf(message, sizeof message, "%s args: values must be an object of label value to score", PLUGIN_NAME);
                write_text(error, message);
                return false;
            }
            while ((entry = next_member(&c, &values_first, key, sizeof key, &too_long)) == 1) {
                long long score;
                if (too_long || strlen(key) >= VALUE_MAX) {
                    snprintf(message, sizeof message, "%s args: values: a label value has at most 63 characters", PLUGIN_NAME);
                    write_text(error, message);
                    return false;
                }
                if (!read_int(&c, &score) || score < 0 || score > 100) {
                    snprintf(message, sizeof message, "%s args: values.%s must be an integer in 0..100", PLUGIN_NAME, key);
                    write_text(error, message);
                    return false;
                }
                value_score *grown = realloc(plugin->values, (plugin->value_count + 1) * sizeof *grown);
                if (grown == NULL) return false;
                plugin->values = grown;
                strcpy(grown[plugin->value_count].value, key);
                grown[plugin->value_count].score = score;
                plugin->value_count++;
            }
            if (entry < 0) break;
        } else {
            snprintf(message, sizeof message, "%s args: unknown field \"%.64s\" (known: label, values, default)", PLUGIN_NAME,
                     too_long ? "(too long)" : key);
            write_text(error, message);
            return false;
        }
    }
    if (more != 0) {
        snprintf(message, sizeof message, "%s args: malformed JSON", PLUGIN_NAME);
        write_text(error, message);
        return false;
    }
    if (!have_label) {
        snprintf(message, sizeof message, "%s: label is required", args_shape);
        write_text(error, message);
        return false;
    }
    return true;
}

static keelson_status nls_plugin_new(keelson_instance *self, uint32_t profile_id, const char *name, size_t name_len,
                                     uint32_t enabled_points, const char *args, size_t args_len,
                                     keelson_sched_plugin **out_plugin, keelson_sink *error) {
    (void)profile_id, (void)enabled_points;
    if (out_plugin == NULL) return KEELSON_ERR_INVALID_ARGUMENT;
    if (name_len != strlen(PLUGIN_NAME) || memcmp(name, PLUGIN_NAME, name_len) != 0) {
        char message[160];
        snprintf(message, sizeof message, "this bundle offers only %s, not \"%.*s\"", PLUGIN_NAME, (int)(name_len > 64 ? 64 : name_len), name);
        write_text(error, message);
        return KEELSON_ERR_NOT_FOUND;
    }
    keelson_sched_plugin *plugin = calloc(1, sizeof *plugin);
    if (plugin == NULL) {
        set_error(self, "out of memory");
        return KEELSON_ERR_INTERNAL;
    }
    if (!parse_args(plugin, args, args_len, error)) {
        free_plugin(plugin);
        return KEELSON_ERR_INVALID_ARGUMENT;
    }
    *out_plugin = plugin;
    return KEELSON_OK;
}

static void nls_plugin_free(keelson_instance *self, keelson_sched_plugin *plugin) {
    (void)self;
    free_plugin(plugin);
}

/* ------------------------------------------------------------------------ */
/* Pods and cycles: nothing to decode, nothing to count                      */
/* ------------------------------------------------------------------------ */

static keelson_status nls_pod_new(keelson_instance *self, const char *json, size_t len, keelson_sched_pod **out_pod) {
    (void)json, (void)len;
    keelson_sched_pod *pod = calloc(1, sizeof *pod);
    if (pod == NULL || out_pod == NULL) {
        free(pod);
        set_error(self, "pod_new: out of memory");
        return KEELSON_ERR_INTERNAL;
    }
    *out_pod = pod;
    return KEELSON_OK;
}

static void nls_pod_free(keelson_instance *self, keelson_sched_pod *pod) {
    (void)self;
    free(pod);
}

static keelson_status nls_cycle_begin(keelson_instance *self, keelson_sched_pod *pod, keelson_sched_cycle **out_cycle) {
    keelson_sched_cycle *cycle = calloc(1, sizeof *cycle);
    if (cycle == NULL || out_cycle == NULL) {
        free(cycle);
        set_error(self, "cycle_begin: out of memory");
        return KEELSON_ERR_INTERNAL;
    }
    cycle->pod = pod;
    *out_cycle = cycle;
    return KEELSON_OK;
}

static void nls_cycle_end(keelson_instance *self, keelson_sched_cycle *cycle) {
    (void)self;
    free(cycle);
}

/* A label score does not depend on the pods placed on a node. */
static keelson_status nls_assume(keelson_instance *self, keelson_sched_cycle *cycle, uint32_t node_index) {
    (void)self, (void)cycle, (void)node_index;
    return KEELSON_OK;
}

static keelson_status nls_forget(keelson_instance *self, keelson_sched_cycle *cycle) {
    (void)self, (void)cycle;
    return KEELSON_OK;
}

/* ------------------------------------------------------------------------ */
/* PreScore and Score                                                        */
/* ------------------------------------------------------------------------ */

/* PreScore: SKIP when every node would score the same (no value differs from the default),
 * so the host does not call Score at all. */
static uint8_t nls_pre_score(keelson_instance *self, keelson_sched_plugin *plugin, keelson_sched_cycle *cycle,
                             const uint32_t *nodes, size_t count, keelson_sink *reasons) {
    (void)self, (void)cycle, (void)nodes, (void)count, (void)reasons;
    for (size_t i = 0; i < plugin->value_count; i++) {
        if (plugin->values[i].score != plugin->default_score) return KEELSON_FW_SUCCESS;
    }
    return KEELSON_FW_SKIP;
}

static int64_t score_node(const keelson_sched_plugin *plugin, const node_entry *node) {
    for (size_t i = 0; i < node->label_count; i++) {
        if (strcmp(node->labels[i].key, plugin->label) != 0) continue;
        for (size_t v = 0; v < plugin->value_count; v++) {
            if (strcmp(plugin->values[v].value, node->labels[i].value) == 0) return plugin->values[v].score;
        }
        break;
    }
    return plugin->default_score;
}

static bool ensure_cache(keelson_sched_plugin *plugin, size_t capacity) {
    if (capacity <= plugin->cache_capacity) return true;
    int64_t *scores = realloc(plugin->scores, capacity * sizeof *scores);
    if (scores == NULL) return false;
    plugin->scores = scores;
    uint64_t *stamps = realloc(plugin->stamps, capacity * sizeof *stamps);
    if (stamps == NULL) return false;
    memset(stamps + plugin->cache_capacity, 0, (capacity - plugin->cache_capacity) * sizeof *stamps);
    plugin->stamps = stamps;
    plugin->cache_capacity = capacity;
    return true;
}

static uint8_t nls_score(keelson_instance *self, keelson_sched_plugin *plugin, keelson_sched_cycle *cycle,
                         const uint32_t *nodes, size_t count, int64_t *scores_out, keelson_sink *reasons) {
    (void)cycle;
    if (!ensure_cache(plugin, self->node_capacity)) {
        write_text(reasons, "[\"" PLUGIN_NAME ": out of memory\"]");
        return KEELSON_FW_ERROR;
    }
    for (size_t i = 0; i < count; i++) {
        uint32_t index = nodes[i];
        if (index >= self->node_capacity || !self->nodes[index].present) {
            char message[96];
            snprintf(message, sizeof message, "[\"" PLUGIN_NAME ": node index %u is not in the cache\"]", (unsigned)index);
            write_text(reasons, message);
            return KEELSON_FW_ERROR;
        }
        const node_entry *node = &self->nodes[index];
        if (plugin->stamps[index] != node->generation) {
            plugin->scores[index] = score_node(plugin, node);
            plugin->stamps[index] = node->generation;
        }
        scores_out[i] = plugin->scores[index];
    }
    return KEELSON_FW_SUCCESS;
}

/* ------------------------------------------------------------------------ */
/* Lifecycle and the descriptor                                              */
/* ------------------------------------------------------------------------ */

static keelson_status nls_create(const keelson_host *host, const char *config, size_t config_len,
                                 keelson_instance **out_instance, keelson_sink *error) {
    (void)config, (void)config_len; /* the schema allows only an empty object */
    if (out_instance == NULL) return KEELSON_ERR_INVALID_ARGUMENT;
    keelson_instance *self = calloc(1, sizeof *self);
    if (self == NULL) {
        write_text(error, "out of memory");
        return KEELSON_ERR_INTERNAL;
    }
    self->host = host;
    *out_instance = self;
    return KEELSON_OK;
}

static void nls_destroy(keelson_instance *self) {
    if (self == NULL) return;
    for (size_t i = 0; i < self->node_capacity; i++) free_labels(self->nodes[i].labels, self->nodes[i].label_count);
    free(self->nodes);
    free(self);
}

static const char *nls_last_error(keelson_instance *self) {
    return (self != NULL && self->last_error[0] != '\0') ? self->last_error : NULL;
}

static const keelson_sched_plugin_info plugin_infos[] = {
    {
        .struct_size = sizeof(keelson_sched_plugin_info),
        .extension_points = KEELSON_EP_PRE_SCORE | KEELSON_EP_SCORE,
        .name_plugin_owned = PLUGIN_NAME,
        /* A Score plugin never rejects a pod, so no event makes a rejected pod worth retrying. */
        .events_json_plugin_owned = "[]",
    },
};

static const keelson_scheduler_v2 scheduler_table = {
    .struct_size = sizeof(keelson_scheduler_v2),
    .plugin_count = sizeof plugin_infos / sizeof plugin_infos[0],
    .plugins_plugin_owned = plugin_infos,
    .default_config_json_plugin_owned = NULL, /* enabled through a profile's plugins.score */
    .node_event = nls_node_event,
    .pod_event = nls_pod_event,
    .namespace_event = nls_namespace_event,
    .plugin_new = nls_plugin_new,
    .plugin_free = nls_plugin_free,
    .pod_new = nls_pod_new,
    .pod_free = nls_pod_free,
    .cycle_begin = nls_cycle_begin,
    .cycle_end = nls_cycle_end,
    .assume = nls_assume,
    .forget = nls_forget,
    .pre_score = nls_pre_score,
    .score = nls_score,
    /* No plugin of the bundle declares the other extension points: their hooks stay NULL. */
};

static const keelson_plugin_descriptor descriptor = {
    .struct_size = sizeof(keelson_plugin_descriptor),
    .abi_major = KEELSON_ABI_MAJOR,
    .abi_minor = KEELSON_ABI_MINOR,
    .fingerprint = KEELSON_BUILD_FINGERPRINT_INIT,
    .name_plugin_owned = "node-label-score",
    .version_plugin_owned = "0.1.0",
    .description_plugin_owned = "NodeLabelScore: a Score plugin preferring nodes by a label's value (a scheduler bundle in plain C)",
    .config_schema_json_plugin_owned = "{\"type\":\"object\",\"additionalProperties\":false}",
    .kind = KEELSON_KIND_SCHEDULER,
    .interface_major = KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MAJOR,
    .interface_minor = KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MINOR,
    .capabilities = 0,
    .create = nls_create,
    .destroy = nls_destroy,
    .last_error = nls_last_error,
    .on_watch_event = NULL,
    .interface_plugin_owned = &scheduler_table,
};

/* The one exported symbol. */
__attribute__((visibility("default"))) const keelson_plugin_descriptor *keelson_plugin_entry(uint16_t host_abi_major,
                                                                                            uint16_t host_abi_minor) {
    /* Scheduler interface 2.0 needs a host of ABI 1.2 or newer. */
    return (host_abi_major == KEELSON_ABI_MAJOR && host_abi_minor >= 2) ? &descriptor : NULL;
}
