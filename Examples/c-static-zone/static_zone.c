/*
 * static-zone: a Keelson cloud-provider plugin written in plain C11.
 *
 * It proves that a third party needs nothing but keelson_plugin.h: no Swift, no SDK, no other
 * library. It implements two parts of the cloud-provider interface:
 *   - Zones: every node, provider ID and the host itself are in the one zone and region
 *     named by the config;
 *   - InstancesV2: every node exists, none is shut down, and its metadata is providerID
 *     "static://<node-name>", instance type "static", a Hostname address, and that zone/region.
 *
 * JSON handling is deliberately tiny and hand-written (see find_string_member): it is enough
 * for the flat config object and for finding metadata.name in a Node, not a JSON parser.
 */
#include "keelson_plugin.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VALUE_MAX 128

/* One instance: its host table, its config and the message of its last failed call. */
typedef struct static_zone {
    const keelson_host *host;
    char zone[VALUE_MAX];
    char region[VALUE_MAX];
    char last_error[256];
} static_zone;

static void set_error(static_zone *self, const char *format, ...) {
    va_list args;
    va_start(args, format);
    vsnprintf(self->last_error, sizeof self->last_error, format, args);
    va_end(args);
}

/* Writes a NUL-terminated string to a sink. */
static keelson_status write_text(keelson_sink *sink, const char *text) {
    if (sink == NULL || sink->write == NULL) return KEELSON_ERR_INVALID_ARGUMENT;
    return sink->write(sink, text, strlen(text));
}

/* Finds `"key"` followed by `:` and a string value in json[0..len) and copies the value
 * (without quotes) into out. Only the first occurrence of the key after `from` counts, values
 * with backslash escapes are refused, and nesting is not understood: this is string searching,
 * sufficient for a flat config object and a Node's metadata.name, nothing more.
 * Returns 1 when found, 0 when absent, -1 when the value is not a plain string or too long. */
static int find_string_member(const char *json, size_t len, size_t from, const char *key, char *out, size_t out_size,
                              size_t *found_at) {
    size_t key_len = strlen(key);
    for (size_t i = from; i + key_len + 2 <= len; i++) {
        if (json[i] != '"' || memcmp(json + i + 1, key, key_len) != 0 || json[i + 1 + key_len] != '"') continue;
        size_t j = i + key_len + 2;
        while (j < len && (json[j] == ' ' || json[j] == '\t' || json[j] == '\n' || json[j] == '\r')) j++;
        if (j >= len || json[j] != ':') continue; /* the key text appeared as a value */
        j++;
        while (j < len && (json[j] == ' ' || json[j] == '\t' || json[j] == '\n' || json[j] == '\r')) j++;
        if (j >= len || json[j] != '"') return -1;
        size_t start = ++j;
        while (j < len && json[j] != '"') {
            if (json[j] == '\\') return -1;
            j++;
        }
        if (j >= len || j - start >= out_size) return -1;
        memcpy(out, json + start, j - start);
        out[j - start] = '\0';
        if (found_at != NULL) *found_at = i;
        return 1;
    }
    return 0;
}

/* Reads the config's "zone" and "region" (each optional) into the instance. */
static keelson_status read_config(static_zone *self, const char *config, size_t len, keelson_sink *error) {
    static const char *const keys[] = {"zone", "region"};
    char *targets[] = {self->zone, self->region};
    for (size_t k = 0; k < 2; k++) {
        int found = find_string_member(config, len, 0, keys[k], targets[k], VALUE_MAX, NULL);
        if (found < 0 || (found == 1 && targets[k][0] == '\0')) {
            char message[160];
            snprintf(message, sizeof message, "config: %s must be a non-empty string without escapes, under %d bytes",
                     keys[k], VALUE_MAX);
            write_text(error, message);
            return KEELSON_ERR_INVALID_ARGUMENT;
        }
    }
    return KEELSON_OK;
}

/* Skips the JSON string starting at json[i] == '"'; returns the index after its closing quote. */
static size_t skip_string(const char *json, size_t len, size_t i) {
    for (i++; i < len; i++) {
        if (json[i] == '\\') i++;
        else if (json[i] == '"') return i + 1;
    }
    return len;
}

/* The node's metadata.name: the "name" member directly inside the object that follows the
 * first "metadata" key (strings are skipped and braces counted, so a label called "name" is
 * not mistaken for it). Kubernetes object names are [a-z0-9.-], which need no escaping when
 * written back out. */
static keelson_status node_name(static_zone *self, const char *node, size_t len, char *out, size_t out_size) {
    size_t i = 0;
    while (i + 10 <= len && memcmp(node + i, "\"metadata\"", 10) != 0) i++;
    if (i + 10 > len) {
        set_error(self, "node: missing metadata");
        return KEELSON_ERR_INVALID_ARGUMENT;
    }
    for (i += 10; i < len && node[i] != '{'; i++) {}
    int depth = 0;
    while (i < len) {
        char c = node[i];
        if (c == '{' || c == '[') {
            depth++;
            i++;
        } else if (c == '}' || c == ']') {
            if (--depth == 0) break;
            i++;
        } else if (c == '"') {
            size_t end = skip_string(node, len, i);
            size_t colon = end;
            while (colon < len && (node[colon] == ' ' || node[colon] == '\n' || node[colon] == '\t' || node[colon] == '\r')) colon++;
            if (depth == 1 && end - i == 6 && memcmp(node + i, "\"name\"", 6) == 0 && colon < len && node[colon] == ':') {
                if (find_string_member(node, len, i, "name", out, out_size, NULL) != 1 || out[0] == '\0') break;
                for (const char *n = out; *n; n++) {
                    if (!((*n >= 'a' && *n <= 'z') || (*n >= '0' && *n <= '9') || *n == '-' || *n == '.')) {
                        set_error(self, "node: metadata.name \"%s\" is not a Kubernetes name", out);
                        return KEELSON_ERR_INVALID_ARGUMENT;
                    }
                }
                return KEELSON_OK;
            }
            i = end;
        } else {
            i++;
        }
    }
    set_error(self, "node: missing metadata.name");
    return KEELSON_ERR_INVALID_ARGUMENT;
}

static keelson_status write_zone(static_zone *self, keelson_sink *out) {
    char json[2 * VALUE_MAX + 64];
    snprintf(json, sizeof json, "{\"failureDomain\":\"%s\",\"region\":\"%s\"}", self->zone, self->region);
    return write_text(out, json);
}

/* ---- lifecycle ---------------------------------------------------------- */

static keelson_status sz_create(const keelson_host *host, const char *config, size_t config_len,
                                keelson_instance **out_instance, keelson_sink *error) {
    if (out_instance == NULL) return KEELSON_ERR_INVALID_ARGUMENT;
    static_zone *self = calloc(1, sizeof *self);
    if (self == NULL) {
        write_text(error, "out of memory");
        return KEELSON_ERR_INTERNAL;
    }
    self->host = host;
    strcpy(self->zone, "static-zone-a");
    strcpy(self->region, "static");
    keelson_status status = read_config(self, config, config_len, error);
    if (status != KEELSON_OK) {
        free(self);
        return status;
    }
    if (host != NULL && host->log != NULL) {
        char line[2 * VALUE_MAX + 32];
        snprintf(line, sizeof line, "static-zone: zone %s, region %s", self->zone, self->region);
        host->log(KEELSON_LOG_INFO, line, strlen(line));
    }
    *out_instance = (keelson_instance *)self;
    return KEELSON_OK;
}

static void sz_destroy(keelson_instance *instance) { free(instance); }

static const char *sz_last_error(keelson_instance *instance) {
    static_zone *self = (static_zone *)instance;
    return (self != NULL && self->last_error[0] != '\0') ? self->last_error : NULL;
}

/* ---- InstancesV2 -------------------------------------------------------- */

static keelson_status sz_instance_exists(keelson_instance *instance, const char *node, size_t len, bool *out) {
    static_zone *self = (static_zone *)instance;
    char name[VALUE_MAX];
    if (self == NULL || out == NULL) return KEELSON_ERR_INVALID_ARGUMENT;
    self->last_error[0] = '\0';
    keelson_status status = node_name(self, node, len, name, sizeof name);
    if (status == KEELSON_OK) *out = true;
    return status;
}

static keelson_status sz_instance_shutdown(keelson_instance *instance, const char *node, size_t len, bool *out) {
    static_zone *self = (static_zone *)instance;
    char name[VALUE_MAX];
    if (self == NULL || out == NULL) return KEELSON_ERR_INVALID_ARGUMENT;
    self->last_error[0] = '\0';
    keelson_status status = node_name(self, node, len, name, sizeof name);
    if (status == KEELSON_OK) *out = false;
    return status;
}

static keelson_status sz_instance_metadata(keelson_instance *instance, const char *node, size_t len,
                                           keelson_sink *out) {
    static_zone *self = (static_zone *)instance;
    char name[VALUE_MAX];
    if (self == NULL) return KEELSON_ERR_INVALID_ARGUMENT;
    self->last_error[0] = '\0';
    keelson_status status = node_name(self, node, len, name, sizeof name);
    if (status != KEELSON_OK) return status;
    char json[5 * VALUE_MAX + 160];
    snprintf(json, sizeof json,
             "{\"providerID\":\"static://%s\",\"instanceType\":\"static\","
             "\"nodeAddresses\":[{\"type\":\"Hostname\",\"address\":\"%s\"}],"
             "\"zone\":\"%s\",\"region\":\"%s\"}",
             name, name, self->zone, self->region);
    return write_text(out, json);
}

/* ---- Zones -------------------------------------------------------------- */

static keelson_status sz_get_zone(keelson_instance *instance, keelson_sink *out) {
    static_zone *self = (static_zone *)instance;
    if (self == NULL) return KEELSON_ERR_INVALID_ARGUMENT;
    self->last_error[0] = '\0';
    return write_zone(self, out);
}

static keelson_status sz_get_zone_by_provider_id(keelson_instance *instance, const char *id, size_t len,
                                                 keelson_sink *out) {
    static_zone *self = (static_zone *)instance;
    if (self == NULL) return KEELSON_ERR_INVALID_ARGUMENT;
    self->last_error[0] = '\0';
    if (len <= 9 || memcmp(id, "static://", 9) != 0) {
        set_error(self, "provider ID is not static://<node-name>");
        return KEELSON_ERR_NOT_FOUND;
    }
    return write_zone(self, out);
}

static keelson_status sz_get_zone_by_node_name(keelson_instance *instance, const char *name, size_t len,
                                               keelson_sink *out) {
    static_zone *self = (static_zone *)instance;
    if (self == NULL) return KEELSON_ERR_INVALID_ARGUMENT;
    self->last_error[0] = '\0';
    if (name == NULL || len == 0) {
        set_error(self, "empty node name");
        return KEELSON_ERR_INVALID_ARGUMENT;
    }
    return write_zone(self, out);
}

/* ---- the descriptor ----------------------------------------------------- */

static const keelson_cloud_v1 cloud_table = {
    .struct_size = sizeof(keelson_cloud_v1),
    .supported = KEELSON_CLOUD_INSTANCES_V2 | KEELSON_CLOUD_ZONES,
    .instance_exists = sz_instance_exists,
    .instance_shutdown = sz_instance_shutdown,
    .instance_metadata = sz_instance_metadata,
    .get_zone = sz_get_zone,
    .get_zone_by_provider_id = sz_get_zone_by_provider_id,
    .get_zone_by_node_name = sz_get_zone_by_node_name,
    /* LoadBalancer and Routes are not supported: their entries stay NULL. */
};

static const keelson_plugin_descriptor descriptor = {
    .struct_size = sizeof(keelson_plugin_descriptor),
    .abi_major = KEELSON_ABI_MAJOR,
    .abi_minor = KEELSON_ABI_MINOR,
    .fingerprint = KEELSON_BUILD_FINGERPRINT_INIT,
    .name_plugin_owned = "static-zone",
    .version_plugin_owned = "0.1.0",
    .description_plugin_owned = "Zones (and InstancesV2 metadata) from a static zone/region: an example plugin in plain C",
    .config_schema_json_plugin_owned =
        "{\"type\":\"object\",\"properties\":{"
        "\"zone\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":127,\"pattern\":\"^[^\\\"\\\\\\\\]*$\"},"
        "\"region\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":127,\"pattern\":\"^[^\\\"\\\\\\\\]*$\"}},"
        "\"additionalProperties\":false}",
    .kind = KEELSON_KIND_CLOUD_PROVIDER,
    .interface_major = KEELSON_CLOUD_INTERFACE_MAJOR,
    .interface_minor = KEELSON_CLOUD_INTERFACE_MINOR,
    .capabilities = 0,
    .create = sz_create,
    .destroy = sz_destroy,
    .last_error = sz_last_error,
    .on_watch_event = NULL,
    .interface_plugin_owned = &cloud_table,
};

/* The one exported symbol. */
__attribute__((visibility("default"))) const keelson_plugin_descriptor *keelson_plugin_entry(uint16_t host_abi_major,
                                                                                            uint16_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == KEELSON_ABI_MAJOR ? &descriptor : NULL;
}
