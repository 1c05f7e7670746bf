/* A scheduler bundle (scheduler interface 2.0) in plain C for the loader and
 * SchedulerBundleClient tests. Without switches it is valid and answers every extension point
 * with canned outputs chosen by words in the pod JSON (see each hook); each BUNDLE_* -D switch
 * breaks the table in one way the loader must reject (BUNDLE_NULL_REQUIRED, BUNDLE_MISSING_POINT,
 * BUNDLE_BAD_EVENTS, BUNDLE_BAD_ACTION, BUNDLE_DUPLICATE, BUNDLE_BAD_NAME, BUNDLE_BAD_CONFIG,
 * BUNDLE_NO_PLUGINS, BUNDLE_BAD_INFO_SIZE; BUNDLE_INTERFACE_MAJOR=N overrides the interface major). */
#include "keelson_plugin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct keelson_instance {
    int node_events;
    int post_binds;
    char last_error[128];
};

struct keelson_sched_plugin {
    int which;
};

/* The words of the pod JSON that select a behaviour. */
struct keelson_sched_pod {
    int high, gated, narrow, reject, skip, bad_reasons, weird, error, filter_fail, no_reserve, wait;
};

struct keelson_sched_cycle {
    keelson_sched_pod *pod;
    int assumed;
};

static int contains(const char *data, size_t len, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(data + i, needle, n) == 0) return 1;
    return 0;
}

static void put(keelson_sink *sink, const char *text) { sink->write(sink, text, strlen(text)); }

static keelson_status f_create(const keelson_host *host, const char *config, size_t len, keelson_instance **out,
                               keelson_sink *error) {
    (void)host, (void)config, (void)len, (void)error;
    *out = calloc(1, sizeof **out);
    return *out ? KEELSON_OK : KEELSON_ERR_INTERNAL;
}

static void f_destroy(keelson_instance *self) { free(self); }

static const char *f_last_error(keelson_instance *self) { return self->last_error[0] ? self->last_error : NULL; }

static keelson_status f_node_event(keelson_instance *self, uint32_t index, const char *json, size_t len) {
    (void)index;
    if (!contains(json, len, "\"type\"")) {
        snprintf(self->last_error, sizeof self->last_error, "node_event: no type");
        return KEELSON_ERR_INVALID_ARGUMENT;
    }
    self->node_events++;
    return KEELSON_OK;
}

static keelson_status f_event(keelson_instance *self, const char *json, size_t len) {
    (void)self, (void)json, (void)len;
    return KEELSON_OK;
}

static keelson_status f_plugin_new(keelson_instance *self, uint32_t profile, const char *name, size_t name_len,
                                   uint32_t points, const char *args, size_t args_len, keelson_sched_plugin **out,
                                   keelson_sink *error) {
    (void)self, (void)profile, (void)points;
    int which = (name_len == 13 && memcmp(name, "FixtureFilter", 13) == 0) ? 1
              : (name_len == 11 && memcmp(name, "FixtureBind", 11) == 0) ? 2 : 0;
    if (which == 0) {
        put(error, "no such plugin in this bundle");
        return KEELSON_ERR_NOT_FOUND;
    }
    if (contains(args, args_len, "bad")) {
        put(error, "args: bad is not allowed");
        return KEELSON_ERR_INVALID_ARGUMENT;
    }
    *out = calloc(1, sizeof **out);
    (*out)->which = which;
    return KEELSON_OK;
}

static void f_plugin_free(keelson_instance *self, keelson_sched_plugin *plugin) {
    (void)self;
    free(plugin);
}

static keelson_status f_pod_new(keelson_instance *self, const char *json, size_t len, keelson_sched_pod **out) {
    if (contains(json, len, "undecodable")) {
        snprintf(self->last_error, sizeof self->last_error, "pod_new: cannot decode");
        return KEELSON_ERR_INVALID_ARGUMENT;
    }
    keelson_sched_pod *pod = calloc(1, sizeof *pod);
    pod->high = contains(json, len, "high");
    pod->gated = contains(json, len, "gated");
    pod->narrow = contains(json, len, "narrow");
    pod->reject = contains(json, len, "reject");
    pod->skip = contains(json, len, "skip");
    pod->bad_reasons = contains(json, len, "badreasons");
    pod->weird = contains(json, len, "weird");
    pod->error = contains(json, len, "broken");
    pod->filter_fail = contains(json, len, "filterfail");
    pod->no_reserve = contains(json, len, "noreserve");
    pod->wait = contains(json, len, "wait");
    *out = pod;
    return KEELSON_OK;
}

static void f_pod_free(keelson_instance *self, keelson_sched_pod *pod) {
    (void)self;
    free(pod);
}

static keelson_status f_cycle_begin(keelson_instance *self, keelson_sched_pod *pod, keelson_sched_cycle **out) {
    (void)self;
    *out = calloc(1, sizeof **out);
    (*out)->pod = pod;
    return KEELSON_OK;
}

static void f_cycle_end(keelson_instance *self, keelson_sched_cycle *cycle) {
    (void)self;
    free(cycle);
}

static keelson_status f_assume(keelson_instance *self, keelson_sched_cycle *cycle, uint32_t node) {
    (void)self;
    cycle->assumed = (int)node + 1;
    return KEELSON_OK;
}

static keelson_status f_forget(keelson_instance *self, keelson_sched_cycle *cycle) {
    if (!cycle->assumed) {
        snprintf(self->last_error, sizeof self->last_error, "forget: the pod was not assumed");
        return KEELSON_ERR_FAILED_PRECONDITION;
    }
    cycle->assumed = 0;
    return KEELSON_OK;
}

/* "gated": UNSCHEDULABLE with a reason. */
static uint8_t f_pre_enqueue(keelson_instance *self, keelson_sched_plugin *plugin, keelson_sched_pod *pod, keelson_sink *reasons) {
    (void)self, (void)plugin;
    if (!pod->gated) return KEELSON_FW_SUCCESS;
    put(reasons, "[\"waiting for scheduling gates: [example.com/gate]\"]");
    return KEELSON_FW_UNSCHEDULABLE;
}

/* "high" pods first, then by queue time. */
static bool f_queue_less(keelson_instance *self, keelson_sched_plugin *plugin, keelson_sched_pod *a, uint64_t at,
                         keelson_sched_pod *b, uint64_t bt) {
    (void)self, (void)plugin;
    if (a->high != b->high) return a->high > b->high;
    return at < bt;
}

/* "narrow": nodes [1,3]; "reject": UnschedulableAndUnresolvable; "skip": SKIP; "badreasons":
 * reasons that are not JSON; "weird": code 42; "broken": ERROR with only a last_error. */
static uint8_t f_pre_filter(keelson_instance *self, keelson_sched_plugin *plugin, keelson_sched_cycle *cycle,
                            keelson_sink *nodes, keelson_sink *reasons) {
    (void)plugin;
    keelson_sched_pod *pod = cycle->pod;
    self->last_error[0] = 0;
    if (pod->narrow) {
        put(nodes, "[1,3]");
        return KEELSON_FW_SUCCESS;
    }
    if (pod->reject) {
        put(reasons, "[\"node(s) didn't match Pod's node affinity/selector\"]");
        return KEELSON_FW_UNSCHEDULABLE_AND_UNRESOLVABLE;
    }
    if (pod->skip) return KEELSON_FW_SKIP;
    if (pod->bad_reasons) {
        put(reasons, "Insufficient cpu");
        return KEELSON_FW_UNSCHEDULABLE;
    }
    if (pod->weird) return 42;
    if (pod->error) {
        snprintf(self->last_error, sizeof self->last_error, "fixture broke");
        return KEELSON_FW_ERROR;
    }
    return KEELSON_FW_SUCCESS;
}

/* Per node index: odd → Unschedulable (reasons 0); multiple of 4 above 0 → Unresolvable
 * (reasons 1); 6 → code 9; 10 → reason index 7 (outside the lists); others fit.
 * "filterfail": the whole call fails. */
static keelson_status f_filter(keelson_instance *self, keelson_sched_plugin *plugin, keelson_sched_cycle *cycle,
                               const uint32_t *nodes, size_t count, uint8_t *codes, int32_t *reason_index,
                               keelson_sink *lists) {
    (void)plugin;
    if (cycle->pod->filter_fail) {
        snprintf(self->last_error, sizeof self->last_error, "filter: snapshot lost");
        return KEELSON_ERR_INTERNAL;
    }
    for (size_t i = 0; i < count; i++) {
        uint32_t n = nodes[i];
        if (n % 2 == 1) {
            codes[i] = KEELSON_FW_UNSCHEDULABLE;
            reason_index[i] = 0;
        } else if (n == 6) {
            codes[i] = 9;
        } else if (n == 10) {
            codes[i] = KEELSON_FW_UNSCHEDULABLE;
            reason_index[i] = 7;
        } else if (n > 0 && n % 4 == 0) {
            codes[i] = KEELSON_FW_UNSCHEDULABLE_AND_UNRESOLVABLE;
            reason_index[i] = 1;
        }
    }
    put(lists, "[[\"Insufficient cpu\"],[\"node(s) had untolerated taint {dedicated: batch}\"]]");
    return KEELSON_OK;
}

/* Nominates the first Unschedulable node and evicts one pod there; else Unschedulable. */
static uint8_t f_post_filter(keelson_instance *self, keelson_sched_plugin *plugin, keelson_sched_cycle *cycle,
                             const uint32_t *nodes, const uint8_t *codes, size_t count, keelson_sink *result,
                             keelson_sink *reasons, keelson_sink *verdicts) {
    (void)self, (void)plugin, (void)cycle, (void)verdicts;
    for (size_t i = 0; i < count; i++) {
        if (codes[i] != KEELSON_FW_UNSCHEDULABLE) continue;
        char text[160];
        snprintf(text, sizeof text,
                 "{\"nominatedNodeIndex\":%u,\"victims\":[{\"namespace\":\"default\",\"name\":\"low\",\"uid\":\"u-low\"}]}",
                 (unsigned)nodes[i]);
        put(result, text);
        return KEELSON_FW_SUCCESS;
    }
    put(reasons, "[\"No preemption victims found for incoming pod.\"]");
    return KEELSON_FW_UNSCHEDULABLE;
}

static uint8_t f_reserve(keelson_instance *self, keelson_sched_plugin *plugin, keelson_sched_cycle *cycle, uint32_t node,
                         keelson_sink *reasons) {
    (void)self, (void)plugin, (void)node;
    if (!cycle->pod->no_reserve) return KEELSON_FW_SUCCESS;
    put(reasons, "[\"reserve refused\"]");
    return KEELSON_FW_UNSCHEDULABLE;
}

static void f_unreserve(keelson_instance *self, keelson_sched_plugin *plugin, keelson_sched_cycle *cycle, uint32_t node,
                        keelson_sink *verdicts) {
    (void)self, (void)plugin, (void)cycle, (void)node;
    put(verdicts, "[{\"uid\":\"gang-1\",\"allow\":false,\"message\":\"rejected with the gang\"}]");
}

/* "wait": WAIT for 5 s and allow gang-2. */
static uint8_t f_permit(keelson_instance *self, keelson_sched_plugin *plugin, keelson_sched_cycle *cycle, uint32_t node,
                        int64_t *timeout_ms, keelson_sink *reasons, keelson_sink *verdicts) {
    (void)self, (void)plugin, (void)node, (void)reasons;
    if (!cycle->pod->wait) return KEELSON_FW_SUCCESS;
    *timeout_ms = 5000;
    put(verdicts, "[{\"uid\":\"gang-2\",\"allow\":true}]");
    return KEELSON_FW_WAIT;
}

static uint8_t f_pre_bind(keelson_instance *self, keelson_sched_plugin *plugin, keelson_sched_cycle *cycle, uint32_t node,
                          keelson_sink *reasons) {
    (void)self, (void)plugin, (void)cycle, (void)node, (void)reasons;
    return KEELSON_FW_SUCCESS;
}

static uint8_t f_bind(keelson_instance *self, keelson_sched_plugin *plugin, keelson_sched_cycle *cycle, uint32_t node,
                      keelson_sink *reasons) {
    (void)self, (void)plugin, (void)cycle, (void)node, (void)reasons;
    return KEELSON_FW_SKIP;
}

static void f_post_bind(keelson_instance *self, keelson_sched_plugin *plugin, keelson_sched_cycle *cycle, uint32_t node) {
    (void)plugin, (void)cycle, (void)node;
    self->post_binds++;
}

#ifdef BUNDLE_BAD_EVENTS
#define BUNDLE_EVENTS "[{\"resource\":\"Node\""
#endif
#ifdef BUNDLE_BAD_ACTION
#define BUNDLE_EVENTS "[{\"resource\":\"Node\",\"action\":\"Explode\"}]"
#endif
#ifdef BUNDLE_DUPLICATE
#define BUNDLE_SECOND_NAME "FixtureFilter"
#endif
#ifdef BUNDLE_BAD_NAME
#define BUNDLE_SECOND_NAME "fixture bind!"
#endif
#ifdef BUNDLE_BAD_CONFIG
#define BUNDLE_DEFAULT_CONFIG "profiles: []"
#endif
#ifdef BUNDLE_NO_PLUGINS
#define BUNDLE_PLUGIN_COUNT 0
#endif
#ifndef BUNDLE_EVENTS
#define BUNDLE_EVENTS "[{\"resource\":\"Node\",\"action\":\"Add\"},{\"resource\":\"Pod\",\"action\":\"Delete\"}]"
#endif
#ifndef BUNDLE_SECOND_NAME
#define BUNDLE_SECOND_NAME "FixtureBind"
#endif
#ifndef BUNDLE_DEFAULT_CONFIG
#define BUNDLE_DEFAULT_CONFIG "{\"profiles\":[{\"schedulerName\":\"fixture-bundle\"}]}"
#endif
#ifdef BUNDLE_BAD_INFO_SIZE
#define BUNDLE_INFO_SIZE 8
#else
#define BUNDLE_INFO_SIZE sizeof(keelson_sched_plugin_info)
#endif
#ifndef BUNDLE_INTERFACE_MAJOR
#define BUNDLE_INTERFACE_MAJOR KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MAJOR
#endif
#ifndef BUNDLE_PLUGIN_COUNT
#define BUNDLE_PLUGIN_COUNT 2
#endif

static const keelson_sched_plugin_info infos[] = {
    {BUNDLE_INFO_SIZE,
     KEELSON_EP_PRE_ENQUEUE | KEELSON_EP_QUEUE_SORT | KEELSON_EP_PRE_FILTER | KEELSON_EP_FILTER | KEELSON_EP_POST_FILTER,
     "FixtureFilter", BUNDLE_EVENTS},
    {sizeof(keelson_sched_plugin_info),
     KEELSON_EP_RESERVE | KEELSON_EP_PERMIT | KEELSON_EP_PRE_BIND | KEELSON_EP_BIND | KEELSON_EP_POST_BIND,
     BUNDLE_SECOND_NAME, NULL},
};

static const keelson_scheduler_v2 table = {
    .struct_size = sizeof(keelson_scheduler_v2),
    .plugin_count = BUNDLE_PLUGIN_COUNT,
    .plugins_plugin_owned = infos,
    .default_config_json_plugin_owned = BUNDLE_DEFAULT_CONFIG,
#ifdef BUNDLE_NULL_REQUIRED
    .node_event = NULL,
#else
    .node_event = f_node_event,
#endif
    .pod_event = f_event,
    .namespace_event = f_event,
    .plugin_new = f_plugin_new,
    .plugin_free = f_plugin_free,
    .pod_new = f_pod_new,
    .pod_free = f_pod_free,
    .cycle_begin = f_cycle_begin,
    .cycle_end = f_cycle_end,
    .assume = f_assume,
    .forget = f_forget,
    .pre_enqueue = f_pre_enqueue,
    .queue_less = f_queue_less,
    .pre_filter = f_pre_filter,
#ifdef BUNDLE_MISSING_POINT
    .filter = NULL,
#else
    .filter = f_filter,
#endif
    .post_filter = f_post_filter,
    .reserve = f_reserve,
    .unreserve = f_unreserve,
    .permit = f_permit,
    .pre_bind = f_pre_bind,
    .bind = f_bind,
    .post_bind = f_post_bind,
};

static const keelson_plugin_descriptor descriptor = {
    .struct_size = sizeof(keelson_plugin_descriptor),
    .abi_major = KEELSON_ABI_MAJOR,
    .abi_minor = KEELSON_ABI_MINOR,
    .fingerprint = KEELSON_BUILD_FINGERPRINT_INIT,
    .name_plugin_owned = "fixture-bundle",
    .version_plugin_owned = "2.0.0",
    .description_plugin_owned = "a test scheduler bundle written in C",
    .config_schema_json_plugin_owned = NULL,
    .kind = KEELSON_KIND_SCHEDULER,
    .interface_major = BUNDLE_INTERFACE_MAJOR,
    .interface_minor = KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MINOR,
    .create = f_create,
    .destroy = f_destroy,
    .last_error = f_last_error,
    .interface_plugin_owned = &table,
};

const keelson_plugin_descriptor *keelson_plugin_entry(uint16_t major, uint16_t minor) {
    (void)minor;
    return major == KEELSON_ABI_MAJOR ? &descriptor : NULL;
}
