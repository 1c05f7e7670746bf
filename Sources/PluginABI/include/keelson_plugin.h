/*
 * keelson_plugin.h — the Keelson plugin ABI, version 1.
 *
 * This one header is the whole contract between the Keelson host and a plugin.
 * A plugin is a shared library that exports ONE symbol, `keelson_plugin_entry`,
 * and needs nothing but this header (C11) to be built.
 *
 * Conventions used throughout
 * ---------------------------
 * - Text crosses the boundary as (pointer, length) pairs of UTF-8 bytes. It is
 *   NOT NUL-terminated unless a comment says so. Payloads are Kubernetes JSON,
 *   exactly the shape the API serves, so unknown fields pass through.
 * - Every call returns a keelson_status. On failure the plugin should make a
 *   message available through `last_error` (or the error sink of `create`).
 * - Ownership is in the names:
 *     `*_host_owned`   memory belongs to the host; the plugin may read it only
 *                      for the duration stated on the field or function;
 *     `*_plugin_owned` memory belongs to the plugin; the host copies what it
 *                      keeps before the call returns and never frees it.
 *   Borrowed input pointers (`const char *x, size_t x_len` parameters) are
 *   host-owned and valid only until the call they were passed to returns.
 * - Results are returned through a keelson_sink the host passes in: the
 *   plugin calls `sink->write` zero or more times (the bytes are appended and
 *   copied at once), so the plugin may free its buffer right after.
 * - Threading: unless the descriptor sets KEELSON_CAP_THREAD_SAFE, the host
 *   never makes two calls into the same instance at the same time (calls may
 *   come from different host threads, one after the other). Different
 *   instances may be called concurrently. Host-table functions may be called
 *   from any thread, including from inside a host→plugin call, except where a
 *   comment says otherwise.
 * - Versioning: the ABI and every interface carry MAJOR.MINOR. The host loads
 *   a plugin when the majors are equal and host minor >= plugin minor. Structs
 *   begin with `struct_size` and are append-only: a minor bump only adds fields
 *   at the end, never moves one. Optional hooks may be NULL and then have the
 *   default documented on them.
 */
#ifndef KEELSON_PLUGIN_H
#define KEELSON_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Versions and the build fingerprint                                        */
/* ------------------------------------------------------------------------ */

#define KEELSON_ABI_MAJOR 1
#define KEELSON_ABI_MINOR 2

/* FNV-1a (32 bit) of this file's bytes with this one line left out. The host
 * knows the hash of every released header; a plugin built against an edited
 * copy that still claims a released version is refused. */
#define KEELSON_ABI_HEADER_HASH 0xbbac2389u

/* The name of the one symbol a plugin exports. */
#define KEELSON_ENTRY_SYMBOL "keelson_plugin_entry"

#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define KEELSON_BYTE_ORDER 2u
#else
#define KEELSON_BYTE_ORDER 1u
#endif

/* Describes the machine and header a plugin was compiled for. The host
 * compares it field by field and names the first field that differs. */
typedef struct keelson_build_fingerprint {
    uint32_t struct_size;  /* sizeof(keelson_build_fingerprint) */
    uint8_t pointer_size;  /* sizeof(void *) */
    uint8_t size_t_size;   /* sizeof(size_t) */
    uint8_t byte_order;    /* 1 = little endian, 2 = big endian */
    uint8_t bool_size;     /* sizeof(bool) */
    uint32_t header_hash;  /* KEELSON_ABI_HEADER_HASH */
} keelson_build_fingerprint;

/* Initializer for a plugin's fingerprint: compiled from this header. */
#define KEELSON_BUILD_FINGERPRINT_INIT                                          \
    {                                                                          \
        (uint32_t)sizeof(keelson_build_fingerprint), (uint8_t)sizeof(void *),  \
            (uint8_t)sizeof(size_t), (uint8_t)KEELSON_BYTE_ORDER,              \
            (uint8_t)sizeof(bool), KEELSON_ABI_HEADER_HASH                     \
    }

/* ------------------------------------------------------------------------ */
/* Status codes                                                              */
/* ------------------------------------------------------------------------ */

typedef int32_t keelson_status;

enum {
    KEELSON_OK = 0,
    KEELSON_ERR_INVALID_ARGUMENT = 1,  /* the request or config is malformed */
    KEELSON_ERR_NOT_FOUND = 2,         /* the named object does not exist */
    KEELSON_ERR_ALREADY_EXISTS = 3,    /* it exists already */
    KEELSON_ERR_UNSUPPORTED = 4,       /* the operation is not implemented */
    KEELSON_ERR_UNAVAILABLE = 5,       /* transient: retry later */
    KEELSON_ERR_INTERNAL = 6,          /* a bug or unexpected state */
    KEELSON_ERR_UNSCHEDULABLE = 7,     /* scheduler: no node fits the pod */
    KEELSON_ERR_TIMEOUT = 8,           /* a deadline passed */
    KEELSON_ERR_FAILED_PRECONDITION = 9, /* the object is in the wrong state */
    KEELSON_ERR_CONFLICT = 10,         /* a concurrent change won */
    KEELSON_ERR_PERMISSION_DENIED = 11,/* this plugin kind may not do that */
    KEELSON_ERR_TOO_LARGE = 12         /* a payload exceeds the host's limit */
};

/* ------------------------------------------------------------------------ */
/* Plugin kinds and their interface versions                                 */
/* ------------------------------------------------------------------------ */

typedef uint32_t keelson_kind;

enum {
    KEELSON_KIND_SCHEDULER = 1,
    KEELSON_KIND_RUNTIME = 2,
    KEELSON_KIND_CNI = 3,
    KEELSON_KIND_DNS = 4,
    KEELSON_KIND_CLOUD_PROVIDER = 5
};

#define KEELSON_SCHEDULER_INTERFACE_MAJOR 1 /* keelson_scheduler_v1: one call places a pod */
#define KEELSON_SCHEDULER_INTERFACE_MINOR 0
/* ABI 1.2: a scheduler plugin may instead declare interface 2.0 (keelson_scheduler_v2, the
 * scheduling framework's plugins); the host serves both majors for this kind. */
#define KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MAJOR 2
#define KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MINOR 0
#define KEELSON_RUNTIME_INTERFACE_MAJOR 1
#define KEELSON_RUNTIME_INTERFACE_MINOR 0
#define KEELSON_CNI_INTERFACE_MAJOR 1
#define KEELSON_CNI_INTERFACE_MINOR 0
#define KEELSON_DNS_INTERFACE_MAJOR 1
#define KEELSON_DNS_INTERFACE_MINOR 0
#define KEELSON_CLOUD_INTERFACE_MAJOR 1
#define KEELSON_CLOUD_INTERFACE_MINOR 0

/* Capability flags in keelson_plugin_descriptor.capabilities. */
#define KEELSON_CAP_THREAD_SAFE (1ull << 0) /* the host may call one instance from several threads at once */

/* Log levels for keelson_host.log (the levels of swift-log). */
enum {
    KEELSON_LOG_TRACE = 0,
    KEELSON_LOG_DEBUG = 1,
    KEELSON_LOG_INFO = 2,
    KEELSON_LOG_NOTICE = 3,
    KEELSON_LOG_WARNING = 4,
    KEELSON_LOG_ERROR = 5,
    KEELSON_LOG_CRITICAL = 6
};

/* Health values for keelson_host.report_status. */
enum {
    KEELSON_HEALTH_OK = 0,
    KEELSON_HEALTH_DEGRADED = 1,
    KEELSON_HEALTH_FAILED = 2
};

/* ------------------------------------------------------------------------ */
/* Result sink                                                               */
/* ------------------------------------------------------------------------ */

/* Where a plugin writes a call's result. Host-owned: valid only until the
 * call it was passed to returns; never keep it. `write` appends `len` bytes
 * and copies them before returning; it returns KEELSON_ERR_TOO_LARGE when the
 * host's limit for one result would be exceeded. Call it only from inside the
 * call the sink was passed to (any thread, but not concurrently). */
typedef struct keelson_sink {
    uint32_t struct_size;
    void *host_context_host_owned;
    keelson_status (*write)(const struct keelson_sink *sink, const char *data, size_t len);
} keelson_sink;

/* ------------------------------------------------------------------------ */
/* The host table                                                            */
/* ------------------------------------------------------------------------ */

/* What a plugin instance may ask of the kernel. Each instance receives its own
 * table (host-owned, valid from `create` until `destroy` returns); its
 * function pointers are bound to that instance, so none of them takes a
 * context argument. Which functions a kind may use is scoped by the host: a
 * refused call returns KEELSON_ERR_PERMISSION_DENIED. */
typedef struct keelson_host {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;

    /* Writes one log line under the instance's label. Never fails. */
    void (*log)(int32_t level, const char *message, size_t message_len);

    /* Reads one object. `resource` is the API resource, "pods", "services",
     * "deployments.apps" (plural[.group]); `ns` is empty for cluster-scoped
     * objects. OK: `out` receives the object's JSON. NOT_FOUND when absent. */
    keelson_status (*get_object)(const char *resource, size_t resource_len,
                                 const char *ns, size_t ns_len,
                                 const char *name, size_t name_len,
                                 keelson_sink *out);

    /* Lists objects of a resource (all namespaces when `ns` is empty). `out`
     * receives {"kind":"List","metadata":{"resourceVersion":"R"},"items":[...]}. */
    keelson_status (*list_objects)(const char *resource, size_t resource_len,
                                   const char *ns, size_t ns_len,
                                   keelson_sink *out);

    /* Starts a watch of a resource (all namespaces when `ns` is empty) that
     * delivers every change after revision `from_revision` (0 = from now, after
     * an initial ADDED for each existing object), in order, through the
     * descriptor's `on_watch_event`, never concurrently with another call into
     * the same instance unless it is thread-safe. `*out_watch_id` identifies
     * the watch. UNSUPPORTED when the plugin has no `on_watch_event`. */
    keelson_status (*watch)(const char *resource, size_t resource_len,
                            const char *ns, size_t ns_len,
                            uint64_t from_revision, uint64_t *out_watch_id);

    /* Stops a watch; no event for it is delivered after this returns, unless
     * it is called from inside `on_watch_event` itself. NOT_FOUND if unknown. */
    keelson_status (*cancel_watch)(uint64_t watch_id);

    /* Records a core/v1 Event. The JSON needs at least "reason", "message",
     * "type" ("Normal" or "Warning") and "involvedObject"; the host fills in
     * the rest (name, timestamps, source = this instance). */
    keelson_status (*emit_event)(const char *event_json, size_t event_json_len);

    /* Reports the instance's own health (KEELSON_HEALTH_*) with a message the
     * host shows in `keelson plugins list` and logs. */
    keelson_status (*report_status)(int32_t health, const char *message, size_t message_len);

    /* ---- ABI 1.1: check KEELSON_HOST_HAS(host, cni_delegate) before use ---- */

    /* CNI plugins only (any other kind: KEELSON_ERR_PERMISSION_DENIED). Runs
     * `command` ("ADD", "DEL", "CHECK", "STATUS" or "GC") of the CNI plugin
     * named `type`, as a main plugin runs the IPAM plugin of its `ipam.type`
     * (the spec's delegation). `net_config_json` and `runtime_json` have the
     * shapes of keelson_cni_v1 (usually the caller's own network config and
     * runtime values); the host does not change them. The host resolves
     * `type` to a loaded CNI plugin of that name, else to one found in the
     * plugin folders (the calling plugin's own folder first), and runs it in a
     * delegate instance created on first use with an empty config; each
     * calling instance has its own delegates, destroyed with it. The return
     * value is the delegate's status and `result` receives what it wrote: the
     * spec's result on OK, its error object otherwise (the host writes one,
     * code 7, when `type` names no CNI plugin, with KEELSON_ERR_NOT_FOUND).
     * Borrowed inputs are valid for the call only; `result` is caller-owned.
     * Call it only from inside a call into the same instance (ADD, DEL, ...),
     * from the thread that call runs on; delegates may delegate again, up to
     * a depth of 8 (then KEELSON_ERR_FAILED_PRECONDITION). */
    keelson_status (*cni_delegate)(const char *command, size_t command_len,
                                   const char *type, size_t type_len,
                                   const char *net_config_json, size_t net_config_json_len,
                                   const char *runtime_json, size_t runtime_json_len,
                                   keelson_sink *result);
} keelson_host;

/* Whether a host table received in `create` is large enough to carry `field`
 * (a host of an older ABI minor hands a shorter table). */
#define KEELSON_HOST_HAS(host, field)                                              \
    ((host)->struct_size >= offsetof(keelson_host, field) + sizeof((host)->field))

/* ------------------------------------------------------------------------ */
/* The descriptor                                                            */
/* ------------------------------------------------------------------------ */

/* An instance is whatever the plugin wants it to be; the host only passes the
 * pointer back. */
typedef struct keelson_instance keelson_instance;

typedef struct keelson_plugin_descriptor {
    uint32_t struct_size;              /* sizeof(keelson_plugin_descriptor) as built */
    uint16_t abi_major;                /* KEELSON_ABI_MAJOR as built */
    uint16_t abi_minor;                /* KEELSON_ABI_MINOR as built */
    keelson_build_fingerprint fingerprint; /* KEELSON_BUILD_FINGERPRINT_INIT */

    /* NUL-terminated, plugin-owned, valid until the library is unloaded; the
     * host copies them at load. `name`: [a-z0-9-], unique among loaded
     * plugins. `version`: semver. `config_schema_json`: a JSON Schema for the
     * plugin's `config` (NULL accepts any object). */
    const char *name_plugin_owned;
    const char *version_plugin_owned;
    const char *description_plugin_owned;
    const char *config_schema_json_plugin_owned;

    keelson_kind kind;
    uint16_t interface_major;          /* e.g. KEELSON_SCHEDULER_INTERFACE_MAJOR */
    uint16_t interface_minor;
    uint64_t capabilities;             /* KEELSON_CAP_* */

    /* Required. Creates an instance configured by `config_json` (a JSON
     * object, already validated against the schema). `host` stays valid until
     * `destroy` returns. On failure the plugin may write a one-line message to
     * `error` (host-owned, valid during the call) and must not set
     * `*out_instance`. Called from any thread. */
    keelson_status (*create)(const keelson_host *host,
                             const char *config_json, size_t config_json_len,
                             keelson_instance **out_instance,
                             keelson_sink *error);

    /* Required. Releases an instance. No call into the instance is running or
     * will start; the instance's watches are already cancelled. */
    void (*destroy)(keelson_instance *instance);

    /* Optional. The message of the last failed call on this instance, as a
     * NUL-terminated, plugin-owned string valid until the next call into the
     * instance. NULL function or NULL result: no message. */
    const char *(*last_error)(keelson_instance *instance);

    /* Optional. Receives one watch event started through keelson_host.watch,
     * as the Kubernetes watch JSON {"type":"ADDED|MODIFIED|DELETED",
     * "object":{...}}. A non-OK status is logged and counted; delivery goes on. */
    keelson_status (*on_watch_event)(keelson_instance *instance, uint64_t watch_id,
                                     const char *event_json, size_t event_json_len);

    /* Required. Points to the kind's function table (keelson_scheduler_v1,
     * keelson_scheduler_v2 for scheduler interface 2.0, keelson_runtime_v1,
     * keelson_cni_v1, keelson_dns_v1 or keelson_cloud_v1), plugin-owned,
     * valid until the library is unloaded. */
    const void *interface_plugin_owned;
} keelson_plugin_descriptor;

/* The entry point every plugin exports as KEELSON_ENTRY_SYMBOL. The host passes
 * its own ABI version; the plugin returns its descriptor (plugin-owned, valid
 * until the library is unloaded) or NULL when it cannot serve that host. It
 * must do no other work: no threads, no I/O. Called once, from one thread. */
typedef const keelson_plugin_descriptor *(*keelson_plugin_entry_fn)(uint16_t host_abi_major,
                                                                   uint16_t host_abi_minor);

/* ------------------------------------------------------------------------ */
/* Scheduler interface 1.0                                                    */
/* ------------------------------------------------------------------------ */

/* A scheduler keeps its own cache of nodes and pods from change
 * notifications and is asked to place one pod at a time. Events use the
 * Kubernetes watch JSON {"type":"ADDED|MODIFIED|DELETED","object":{...}}. */
typedef struct keelson_scheduler_v1 {
    uint32_t struct_size;

    /* Required. A Node was added, changed or deleted. */
    keelson_status (*node_event)(keelson_instance *instance, const char *event_json, size_t event_json_len);

    /* Required. A Pod was added, changed or deleted (bound or not). */
    keelson_status (*pod_event)(keelson_instance *instance, const char *event_json, size_t event_json_len);

    /* Required. Chooses a node for `pod_json`. OK: `out` receives the node
     * name, and the scheduler counts the pod as placed there (it is "assumed")
     * until a pod_event confirms it or `unreserve` withdraws it.
     * KEELSON_ERR_UNSCHEDULABLE: `out` receives the reason in Kubernetes' form,
     * "0/3 nodes are available: 3 Insufficient cpu.". */
    keelson_status (*schedule)(keelson_instance *instance, const char *pod_json, size_t pod_json_len,
                               keelson_sink *out);

    /* Optional. Binding `pod_json` to `node_name` failed: forget the
     * assumption made by `schedule`. Default: nothing (the next pod_event
     * corrects the cache). */
    keelson_status (*unreserve)(keelson_instance *instance, const char *pod_json, size_t pod_json_len,
                                const char *node_name, size_t node_name_len);
} keelson_scheduler_v1;

/* ------------------------------------------------------------------------ */
/* Scheduler interface 2.0: the scheduling framework (ABI 1.2)               */
/* ------------------------------------------------------------------------ */

/* A scheduler plugin of interface 2.0 is a *bundle* of framework plugins, as
 * Kubernetes' scheduling framework defines them (NodeResourcesFit,
 * PodTopologySpread, a third party's Score plugin, ...). The host runs the
 * framework itself: the scheduling queue, the cycle, node sampling
 * (percentageOfNodesToScore), the weighted sum of scores, binding, the
 * PodScheduled condition and Events, and the profiles of a
 * KubeSchedulerConfiguration. A profile names plugins; the host resolves each
 * name across every loaded bundle and creates it with `plugin_new`.
 *
 * Nodes are numbered by the host: a dense uint32_t index given in
 * `node_event`, reused only after the node's DELETED event. Calls that look at
 * nodes are batched over arrays of indices, so a cycle costs a few calls per
 * plugin, not one per node. The bundle keeps its own cache of nodes, pods and
 * namespaces from the host's notifications, plus the pods the host *assumes*.
 *
 * Handles are plugin-owned and opaque to the host:
 *   keelson_sched_plugin  one plugin of one profile (plugin_new .. plugin_free);
 *   keelson_sched_pod     one decoded pod version (pod_new .. pod_free), used
 *                         by PreEnqueue and QueueSort while the pod is queued;
 *   keelson_sched_cycle   one scheduling attempt of one pod (cycle_begin ..
 *                         cycle_end): Kubernetes' CycleState, carried by the
 *                         host between a pod's hooks, through binding.
 * Calls into one instance never overlap (unless KEELSON_CAP_THREAD_SAFE) and
 * come from the host's scheduling thread, one after another.
 *
 * Hooks that return uint8_t return a framework code (KEELSON_FW_*). Reasons
 * are written to the `reasons` sink as a JSON array of strings in
 * Kubernetes' wording (["Insufficient cpu"]); the host counts them per node in
 * "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated
 * taint {dedicated: batch}." An extension-point hook may be NULL only when no
 * plugin of the bundle declares that point. */

/* Framework status codes (Kubernetes' framework.Code), in this numbering. */
enum {
    KEELSON_FW_SUCCESS = 0,
    KEELSON_FW_ERROR = 1,                          /* internal error: retry with back-off */
    KEELSON_FW_UNSCHEDULABLE = 2,                  /* does not fit; preemption may help */
    KEELSON_FW_UNSCHEDULABLE_AND_UNRESOLVABLE = 3, /* does not fit; preemption cannot help */
    KEELSON_FW_WAIT = 4,                           /* Permit: hold the pod */
    KEELSON_FW_SKIP = 5,                           /* nothing to do for this pod */
    KEELSON_FW_PENDING = 6                         /* waits for something outside the scheduler */
};

/* Extension points, as bits of keelson_sched_plugin_info.extension_points. */
enum {
    KEELSON_EP_PRE_ENQUEUE = 1u << 0,
    KEELSON_EP_QUEUE_SORT = 1u << 1,
    KEELSON_EP_PRE_FILTER = 1u << 2,
    KEELSON_EP_FILTER = 1u << 3,
    KEELSON_EP_POST_FILTER = 1u << 4,
    KEELSON_EP_PRE_SCORE = 1u << 5,
    KEELSON_EP_SCORE = 1u << 6, /* includes NormalizeScore: scores come back in 0..100 */
    KEELSON_EP_RESERVE = 1u << 7,
    KEELSON_EP_PERMIT = 1u << 8,
    KEELSON_EP_PRE_BIND = 1u << 9,
    KEELSON_EP_BIND = 1u << 10,
    KEELSON_EP_POST_BIND = 1u << 11
};

/* One framework plugin a bundle offers. */
typedef struct keelson_sched_plugin_info {
    uint32_t struct_size;               /* sizeof(keelson_sched_plugin_info) */
    uint32_t extension_points;          /* KEELSON_EP_* bits */
    /* NUL-terminated, plugin-owned, valid until the library is unloaded. */
    const char *name_plugin_owned;      /* as profiles spell it: "NodeResourcesFit" */
    /* The cluster events after which a pod this plugin rejected is worth
     * retrying (Kubernetes' EventsToRegister), as a JSON array:
     * [{"resource":"Node","action":"Add"},{"resource":"Pod","action":"Delete"}].
     * resource: Pod, Node, Namespace or "*"; action: Kubernetes' ActionType
     * names (Add, Delete, Update, UpdateNodeLabel, UpdateNodeTaint,
     * UpdateNodeAllocatable, UpdateNodeCondition, UpdateNodeAnnotation,
     * UpdatePodLabel, UpdatePodScaleDown, UpdatePodTolerations,
     * UpdatePodSchedulingGatesEliminated, UpdateNamespaceLabel) or "*".
     * NULL: every event. */
    const char *events_json_plugin_owned;
} keelson_sched_plugin_info;

typedef struct keelson_sched_plugin keelson_sched_plugin;
typedef struct keelson_sched_pod keelson_sched_pod;
typedef struct keelson_sched_cycle keelson_sched_cycle;

typedef struct keelson_scheduler_v2 {
    uint32_t struct_size;

    /* The plugins of the bundle (plugin-owned array, valid until unload).
     * Entries are strided by their own struct_size, which must be the same
     * for every entry. */
    uint32_t plugin_count;
    const keelson_sched_plugin_info *plugins_plugin_owned;

    /* NUL-terminated KubeSchedulerConfiguration (JSON) the host uses for a
     * `schedulers:` entry naming this bundle without a `config` (for example
     * a profile with the bundle's plugins added to Kubernetes' defaults).
     * NULL: Kubernetes' defaults, one profile named like the plugin. */
    const char *default_config_json_plugin_owned;

    /* ---- Cluster state (required) ---- */

    /* A Node was added, changed or deleted: Kubernetes watch JSON
     * {"type":"ADDED|MODIFIED|DELETED","object":{...}}, and its index. */
    keelson_status (*node_event)(keelson_instance *instance, uint32_t node_index,
                                 const char *event_json, size_t event_json_len);
    /* A Pod was added, changed or deleted (bound or not). A bound pod that
     * was assumed is now confirmed. */
    keelson_status (*pod_event)(keelson_instance *instance, const char *event_json, size_t event_json_len);
    /* A Namespace was added, changed or deleted (for namespaceSelector). */
    keelson_status (*namespace_event)(keelson_instance *instance, const char *event_json, size_t event_json_len);

    /* ---- Plugins of profiles (required) ---- */

    /* Creates plugin `name` for profile `profile_id` (a number the host
     * gives each profile), enabled there at `enabled_points` (KEELSON_EP_*),
     * with its args (JSON; "null" when it has none), already defaulted and
     * validated by the host. Plugins of one profile may find each other
     * through the id (DefaultPreemption runs its profile's filters). On
     * failure, a one-line message to `error`. */
    keelson_status (*plugin_new)(keelson_instance *instance, uint32_t profile_id,
                                 const char *name, size_t name_len, uint32_t enabled_points,
                                 const char *args_json, size_t args_json_len,
                                 keelson_sched_plugin **out_plugin, keelson_sink *error);
    void (*plugin_free)(keelson_instance *instance, keelson_sched_plugin *plugin);

    /* ---- Pods and cycles (required) ---- */

    /* Decodes one version of a pod for PreEnqueue and QueueSort. */
    keelson_status (*pod_new)(keelson_instance *instance, const char *pod_json, size_t pod_json_len,
                              keelson_sched_pod **out_pod);
    void (*pod_free)(keelson_instance *instance, keelson_sched_pod *pod);
    /* Starts a scheduling attempt of `pod`. The cycle stays valid until
     * `cycle_end`, which the host calls after the binding cycle ended (or
     * right after a failed scheduling cycle). */
    keelson_status (*cycle_begin)(keelson_instance *instance, keelson_sched_pod *pod,
                                  keelson_sched_cycle **out_cycle);
    void (*cycle_end)(keelson_instance *instance, keelson_sched_cycle *cycle);
    /* Counts the cycle's pod on `node_index` until a pod_event shows it bound
     * (then it is confirmed) or `forget` withdraws it (kube-scheduler's
     * assume). The host assumes in every bundle of the scheduler, after
     * Reserve succeeded. */
    keelson_status (*assume)(keelson_instance *instance, keelson_sched_cycle *cycle, uint32_t node_index);
    keelson_status (*forget)(keelson_instance *instance, keelson_sched_cycle *cycle);

    /* ---- Extension points ---- */

    /* PreEnqueue: SUCCESS lets the pod into the active queue; UNSCHEDULABLE
     * or PENDING keeps it out until an event changes the pod. */
    uint8_t (*pre_enqueue)(keelson_instance *instance, keelson_sched_plugin *plugin,
                           keelson_sched_pod *pod, keelson_sink *reasons);
    /* QueueSort: whether `a` goes before `b`. The timestamps are when each
     * pod entered the queue (nanoseconds, any origin). */
    bool (*queue_less)(keelson_instance *instance, keelson_sched_plugin *plugin,
                       keelson_sched_pod *a, uint64_t a_timestamp_ns,
                       keelson_sched_pod *b, uint64_t b_timestamp_ns);
    /* PreFilter: once per cycle. SUCCESS may narrow the nodes: `nodes`
     * receives a JSON array of the only node indices worth filtering (nothing
     * written: every node). SKIP: this plugin's Filter is not called in this
     * cycle. A rejection fails the cycle for every node. */
    uint8_t (*pre_filter)(keelson_instance *instance, keelson_sched_plugin *plugin,
                          keelson_sched_cycle *cycle, keelson_sink *nodes, keelson_sink *reasons);
    /* Filter over `count` nodes. `codes_out` (host-owned, zeroed = SUCCESS)
     * receives a code per node; `reason_index_out` (host-owned, set to -1)
     * receives, per rejected node, an index into the JSON array of reason
     * lists written to `reason_lists` ([["Insufficient cpu"],["..."]]), so
     * nodes failing alike share one entry. Returns KEELSON_OK unless the
     * whole call failed. */
    keelson_status (*filter)(keelson_instance *instance, keelson_sched_plugin *plugin,
                             keelson_sched_cycle *cycle, const uint32_t *nodes, size_t count,
                             uint8_t *codes_out, int32_t *reason_index_out, keelson_sink *reason_lists);
    /* PostFilter: runs when no node fits, plugin after plugin until one
     * succeeds. `codes` holds each node's filter code (the nodes of the
     * cycle, in `nodes` order). SUCCESS: `result` receives
     * {"nominatedNodeIndex":N,"victims":[{"namespace":"..","name":"..",
     * "uid":".."}]}; the host deletes the victims and sets the pod's
     * status.nominatedNodeName. Otherwise UNSCHEDULABLE with reasons.
     * Either way `verdicts` may decide other pods waiting at Permit, as in
     * permit (a gang whose member fits nowhere is rejected at once). */
    uint8_t (*post_filter)(keelson_instance *instance, keelson_sched_plugin *plugin,
                           keelson_sched_cycle *cycle, const uint32_t *nodes, const uint8_t *codes,
                           size_t count, keelson_sink *result, keelson_sink *reasons,
                           keelson_sink *verdicts);
    /* PreScore over the feasible nodes; SKIP: Score is not called. */
    uint8_t (*pre_score)(keelson_instance *instance, keelson_sched_plugin *plugin,
                         keelson_sched_cycle *cycle, const uint32_t *nodes, size_t count,
                         keelson_sink *reasons);
    /* Score with NormalizeScore: `scores_out` receives each node's score in
     * 0..100; the host multiplies it by the plugin's weight. */
    uint8_t (*score)(keelson_instance *instance, keelson_sched_plugin *plugin,
                     keelson_sched_cycle *cycle, const uint32_t *nodes, size_t count,
                     int64_t *scores_out, keelson_sink *reasons);
    /* Reserve: claim what the pod takes on `node_index`. A failure makes the
     * host call every Reserve plugin's `unreserve` and fail the cycle. */
    uint8_t (*reserve)(keelson_instance *instance, keelson_sched_plugin *plugin,
                       keelson_sched_cycle *cycle, uint32_t node_index, keelson_sink *reasons);
    /* Unreserve: release it; idempotent. `verdicts` as in permit. */
    void (*unreserve)(keelson_instance *instance, keelson_sched_plugin *plugin,
                      keelson_sched_cycle *cycle, uint32_t node_index, keelson_sink *verdicts);
    /* Permit: SUCCESS allows, WAIT holds the pod up to `*timeout_ms`, a
     * rejection fails it. `verdicts` may receive a JSON array deciding other
     * pods waiting at Permit: [{"uid":"..","allow":true}] or
     * [{"uid":"..","allow":false,"message":".."}] (a gang released or
     * rejected at once); a waiting pod is allowed once every plugin that
     * made it wait allowed it. */
    uint8_t (*permit)(keelson_instance *instance, keelson_sched_plugin *plugin,
                      keelson_sched_cycle *cycle, uint32_t node_index, int64_t *timeout_ms,
                      keelson_sink *reasons, keelson_sink *verdicts);
    /* PreBind: prepare (a rejection unreserves and fails the pod). */
    uint8_t (*pre_bind)(keelson_instance *instance, keelson_sched_plugin *plugin,
                        keelson_sched_cycle *cycle, uint32_t node_index, keelson_sink *reasons);
    /* Bind: SKIP leaves it to the next Bind plugin (the host's DefaultBinder
     * writes the Binding last); SUCCESS means the plugin bound the pod. */
    uint8_t (*bind)(keelson_instance *instance, keelson_sched_plugin *plugin,
                    keelson_sched_cycle *cycle, uint32_t node_index, keelson_sink *reasons);
    /* PostBind: informational, after a successful bind. */
    void (*post_bind)(keelson_instance *instance, keelson_sched_plugin *plugin,
                      keelson_sched_cycle *cycle, uint32_t node_index);
} keelson_scheduler_v2;

/* ------------------------------------------------------------------------ */
/* Runtime interface 1.0: CRI RuntimeService and ImageService                */
/* ------------------------------------------------------------------------ */

/* Every CRI method takes its request message and writes its response message
 * as the proto3 JSON mapping of CRI v1 (runtime.v1, lowerCamelCase fields,
 * e.g. {"config":{"metadata":{"name":"web","namespace":"default","uid":"..."}}}
 * for RunPodSandbox). Errors map to status codes as CRI's gRPC codes do
 * (NotFound → KEELSON_ERR_NOT_FOUND, ...) with the message in last_error.
 * Required unless marked optional; an optional NULL method answers
 * KEELSON_ERR_UNSUPPORTED. */
typedef keelson_status (*keelson_cri_method)(keelson_instance *instance,
                                             const char *request_json, size_t request_json_len,
                                             keelson_sink *response);

typedef struct keelson_runtime_v1 {
    uint32_t struct_size;
    /* RuntimeService */
    keelson_cri_method version;
    keelson_cri_method status;
    keelson_cri_method run_pod_sandbox;
    keelson_cri_method stop_pod_sandbox;
    keelson_cri_method remove_pod_sandbox;
    keelson_cri_method pod_sandbox_status;
    keelson_cri_method list_pod_sandbox;
    keelson_cri_method create_container;
    keelson_cri_method start_container;
    keelson_cri_method stop_container;
    keelson_cri_method remove_container;
    keelson_cri_method list_containers;
    keelson_cri_method container_status;
    keelson_cri_method exec_sync;
    keelson_cri_method container_stats;          /* optional */
    keelson_cri_method list_container_stats;     /* optional */
    keelson_cri_method update_runtime_config;    /* optional */
    /* ImageService */
    keelson_cri_method list_images;
    keelson_cri_method image_status;
    keelson_cri_method pull_image;
    keelson_cri_method remove_image;
    keelson_cri_method image_fs_info;            /* optional */
} keelson_runtime_v1;

/* ------------------------------------------------------------------------ */
/* CNI interface 1.0                                                          */
/* ------------------------------------------------------------------------ */

/* Mirrors the CNI specification (1.1.0). `net_config_json` is the plugin's
 * network configuration as the spec defines it: cniVersion, name, type, the
 * plugin's own fields, and for chained calls prevResult and runtimeConfig.
 * `runtime_json` carries what the spec passes in CNI_* environment variables:
 * {"containerID":"...","netns":"...","ifName":"eth0","args":"K=V;K2=V2",
 *  "path":["/opt/cni/bin"]}. OK: `result` receives the spec's result JSON
 * (ADD/VERSION/STATUS as the spec defines, DEL/CHECK/GC may write nothing).
 * Any other status: `result` receives the spec's error JSON
 * {"cniVersion":"...","code":N,"msg":"...","details":"..."}. */
typedef keelson_status (*keelson_cni_command)(keelson_instance *instance,
                                              const char *net_config_json, size_t net_config_json_len,
                                              const char *runtime_json, size_t runtime_json_len,
                                              keelson_sink *result);

typedef struct keelson_cni_v1 {
    uint32_t struct_size;
    keelson_cni_command add;     /* required */
    keelson_cni_command del;     /* required; must succeed when the attachment is already gone */
    keelson_cni_command check;   /* required */
    keelson_cni_command status;  /* optional; NULL means always ready. runtime_json is "{}" */
    keelson_cni_command gc;      /* optional; net config carries "cni.dev/valid-attachments" */
    /* Required. `result` receives {"cniVersion":"...","supportedVersions":[...]}. */
    keelson_status (*version)(keelson_instance *instance, keelson_sink *result);
} keelson_cni_v1;

/* ------------------------------------------------------------------------ */
/* DNS add-on interface 1.0                                                   */
/* ------------------------------------------------------------------------ */

/* The cluster DNS add-on serves the Kubernetes DNS specification itself (its
 * own sockets, its own threads). It learns Services and Endpoints by watching
 * them through keelson_host.watch. */
typedef struct keelson_dns_v1 {
    uint32_t struct_size;
    /* Required. Starts serving. `info` receives
     * {"listen":[{"protocol":"udp","address":"127.0.0.1:10053"}],"zone":"cluster.local"}. */
    keelson_status (*start)(keelson_instance *instance, keelson_sink *info);
    /* Required. Stops serving and closes its sockets; idempotent. */
    keelson_status (*stop)(keelson_instance *instance);
} keelson_dns_v1;

/* ------------------------------------------------------------------------ */
/* Cloud provider interface 1.0                                               */
/* ------------------------------------------------------------------------ */

/* The cloud-provider split of Kubernetes: each part has a supported flag, and
 * the functions of a supported part are required (the others may be NULL). */
#define KEELSON_CLOUD_INSTANCES_V2 (1u << 0)
#define KEELSON_CLOUD_LOAD_BALANCER (1u << 1)
#define KEELSON_CLOUD_ROUTES (1u << 2)
#define KEELSON_CLOUD_ZONES (1u << 3)

typedef struct keelson_cloud_v1 {
    uint32_t struct_size;
    uint32_t supported;  /* KEELSON_CLOUD_* */

    /* InstancesV2. `node_json` is the Node object. */
    keelson_status (*instance_exists)(keelson_instance *instance, const char *node_json, size_t node_json_len,
                                      bool *out_exists);
    keelson_status (*instance_shutdown)(keelson_instance *instance, const char *node_json, size_t node_json_len,
                                        bool *out_shutdown);
    /* `out` receives {"providerID":"...","instanceType":"...","nodeAddresses":
     * [{"type":"InternalIP","address":"..."}],"zone":"...","region":"..."}. */
    keelson_status (*instance_metadata)(keelson_instance *instance, const char *node_json, size_t node_json_len,
                                        keelson_sink *out);

    /* LoadBalancer. `service_json` is the Service, `nodes_json` a JSON array of
     * Nodes. Status results are core/v1 LoadBalancerStatus {"ingress":[...]}. */
    /* `out` receives {"exists":true|false,"status":{"ingress":[...]}}. */
    keelson_status (*get_load_balancer)(keelson_instance *instance,
                                        const char *cluster_name, size_t cluster_name_len,
                                        const char *service_json, size_t service_json_len,
                                        keelson_sink *out);
    /* `out` receives the name (plain text). */
    keelson_status (*get_load_balancer_name)(keelson_instance *instance,
                                             const char *cluster_name, size_t cluster_name_len,
                                             const char *service_json, size_t service_json_len,
                                             keelson_sink *out);
    keelson_status (*ensure_load_balancer)(keelson_instance *instance,
                                           const char *cluster_name, size_t cluster_name_len,
                                           const char *service_json, size_t service_json_len,
                                           const char *nodes_json, size_t nodes_json_len,
                                           keelson_sink *out);
    keelson_status (*update_load_balancer)(keelson_instance *instance,
                                           const char *cluster_name, size_t cluster_name_len,
                                           const char *service_json, size_t service_json_len,
                                           const char *nodes_json, size_t nodes_json_len);
    /* Must succeed when the load balancer is already gone. */
    keelson_status (*ensure_load_balancer_deleted)(keelson_instance *instance,
                                                   const char *cluster_name, size_t cluster_name_len,
                                                   const char *service_json, size_t service_json_len);

    /* Routes. A route is {"name":"...","targetNode":"...","destinationCIDR":"..."}. */
    /* `out` receives a JSON array of routes. */
    keelson_status (*list_routes)(keelson_instance *instance,
                                  const char *cluster_name, size_t cluster_name_len,
                                  keelson_sink *out);
    keelson_status (*create_route)(keelson_instance *instance,
                                   const char *cluster_name, size_t cluster_name_len,
                                   const char *name_hint, size_t name_hint_len,
                                   const char *route_json, size_t route_json_len);
    keelson_status (*delete_route)(keelson_instance *instance,
                                   const char *cluster_name, size_t cluster_name_len,
                                   const char *route_json, size_t route_json_len);

    /* Zones. `out` receives {"failureDomain":"...","region":"..."}. */
    keelson_status (*get_zone)(keelson_instance *instance, keelson_sink *out);
    keelson_status (*get_zone_by_provider_id)(keelson_instance *instance,
                                              const char *provider_id, size_t provider_id_len,
                                              keelson_sink *out);
    keelson_status (*get_zone_by_node_name)(keelson_instance *instance,
                                            const char *node_name, size_t node_name_len,
                                            keelson_sink *out);
} keelson_cloud_v1;

#ifdef __cplusplus
}
#endif

#endif /* KEELSON_PLUGIN_H */
