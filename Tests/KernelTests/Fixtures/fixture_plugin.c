/* A scheduler plugin in plain C used by the loader tests. Compiled by the tests with -D
 * switches that break it in one specific way each; without switches it is a valid plugin
 * whose `schedule` exercises the host table (see the commands below). */
#include "keelson_plugin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef FIXTURE_CRASH
/* Breaks the "no work at load" rule as badly as possible: aborts while being loaded. */
__attribute__((constructor)) static void fixture_crash_on_load(void) { abort(); }
#endif

#ifndef FIXTURE_NAME
#define FIXTURE_NAME "fixture-scheduler"
#endif

struct keelson_instance {
    const keelson_host *host;
    int events;
    char last_error[128];
};

static int contains(const char *data, size_t len, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(data + i, needle, n) == 0) return 1;
    return 0;
}

static keelson_status fixture_create(const keelson_host *host, const char *config, size_t config_len,
                                     keelson_instance **out, keelson_sink *error) {
    if (contains(config, config_len, "refuse")) {
        error->write(error, "refused by its config", 21);
        return KEELSON_ERR_INVALID_ARGUMENT;
    }
    keelson_instance *instance = calloc(1, sizeof *instance);
    if (!instance) return KEELSON_ERR_INTERNAL;
    instance->host = host;
    host->log(KEELSON_LOG_INFO, "fixture created", 15);
    host->report_status(KEELSON_HEALTH_DEGRADED, "warming up", 10);
    *out = instance;
    return KEELSON_OK;
}

static void fixture_destroy(keelson_instance *instance) { free(instance); }

static const char *fixture_last_error(keelson_instance *instance) {
    return instance->last_error[0] ? instance->last_error : NULL;
}

static keelson_status fixture_watch_event(keelson_instance *instance, uint64_t id, const char *json, size_t len) {
    (void)id;
    if (contains(json, len, "\"ADDED\"")) instance->events++;
    return KEELSON_OK;
}

static keelson_status fixture_node_event(keelson_instance *instance, const char *json, size_t len) {
    (void)instance; (void)json; (void)len;
    return KEELSON_OK;
}

/* Commands, by what the pod JSON contains:
 *   "get-node"  reads node n1 through the host table straight into the result sink
 *   "watch"     starts a watch of nodes
 *   "events"    writes how many ADDED events arrived so far
 *   "fail"      fails with UNSCHEDULABLE and a last_error
 *   "broken"    fails with INTERNAL (a malfunction, unlike an answer such as UNSCHEDULABLE)
 *   otherwise   places the pod on "node-a" */
static keelson_status fixture_schedule(keelson_instance *instance, const char *pod, size_t len, keelson_sink *out) {
    instance->last_error[0] = 0;
    if (contains(pod, len, "get-node"))
        return instance->host->get_object("nodes", 5, "", 0, "n1", 2, out);
    if (contains(pod, len, "watch")) {
        uint64_t id = 0;
        keelson_status status = instance->host->watch("nodes", 5, "", 0, 0, &id);
        char text[32];
        int n = snprintf(text, sizeof text, "watch %llu", (unsigned long long)id);
        out->write(out, text, (size_t)n);
        return status;
    }
    if (contains(pod, len, "events")) {
        char text[32];
        int n = snprintf(text, sizeof text, "%d", instance->events);
        return out->write(out, text, (size_t)n);
    }
    if (contains(pod, len, "broken")) {
        snprintf(instance->last_error, sizeof instance->last_error, "cache corrupted");
        return KEELSON_ERR_INTERNAL;
    }
    if (contains(pod, len, "fail")) {
        snprintf(instance->last_error, sizeof instance->last_error, "0/1 nodes are available: no luck.");
        return KEELSON_ERR_UNSCHEDULABLE;
    }
    return out->write(out, "node-a", 6);
}

static const keelson_scheduler_v1 fixture_table = {
    sizeof(keelson_scheduler_v1),
    fixture_node_event,
    fixture_node_event,
#ifdef FIXTURE_NULL_HOOK
    NULL,
#else
    fixture_schedule,
#endif
    NULL,
};

static keelson_plugin_descriptor fixture_descriptor = {
    sizeof(keelson_plugin_descriptor),
    KEELSON_ABI_MAJOR,
    KEELSON_ABI_MINOR,
    KEELSON_BUILD_FINGERPRINT_INIT,
    FIXTURE_NAME,
    "1.2.3",
    "a test scheduler written in C",
    "{\"type\":\"object\",\"properties\":{\"mode\":{\"type\":\"string\"}}}",
    KEELSON_KIND_SCHEDULER,
    KEELSON_SCHEDULER_INTERFACE_MAJOR,
    KEELSON_SCHEDULER_INTERFACE_MINOR,
    0,
    fixture_create,
    fixture_destroy,
    fixture_last_error,
    fixture_watch_event,
    &fixture_table,
};

#ifndef FIXTURE_NO_ENTRY
const keelson_plugin_descriptor *keelson_plugin_entry(uint16_t major, uint16_t minor) {
    (void)minor;
#ifdef FIXTURE_NULL_ENTRY
    return NULL;
#endif
    if (major != KEELSON_ABI_MAJOR) return NULL;
#ifdef FIXTURE_WRONG_MAJOR
    fixture_descriptor.abi_major = KEELSON_ABI_MAJOR + 1;
#endif
#ifdef FIXTURE_NEWER_MINOR
    fixture_descriptor.abi_minor = KEELSON_ABI_MINOR + 1;
#endif
#ifdef FIXTURE_TRUNCATED
    fixture_descriptor.struct_size = 40;
#endif
#ifdef FIXTURE_BAD_HASH
    fixture_descriptor.fingerprint.header_hash ^= 0x5a5a5a5au;
#endif
#ifdef FIXTURE_POINTER_SIZE
    fixture_descriptor.fingerprint.pointer_size = 4;
#endif
#ifdef FIXTURE_NULL_CREATE
    fixture_descriptor.create = NULL;
#endif
#ifdef FIXTURE_BAD_KIND
    fixture_descriptor.kind = 42;
#endif
    return &fixture_descriptor;
}
#else
int not_a_plugin(void) { return 7; }
#endif
