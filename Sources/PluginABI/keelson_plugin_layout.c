/* Compile-time checks that keep the v1 ABI layout what the header promises on
 * the 64-bit platforms Keelson builds for. A failure here means a field moved:
 * structs are append-only within a major version. */
#include "keelson_plugin.h"

#if defined(__LP64__)
_Static_assert(sizeof(keelson_build_fingerprint) == 12, "fingerprint layout changed");
_Static_assert(offsetof(keelson_plugin_descriptor, fingerprint) == 8, "descriptor header moved");
_Static_assert(offsetof(keelson_plugin_descriptor, name_plugin_owned) == 24, "descriptor strings moved");
_Static_assert(offsetof(keelson_plugin_descriptor, kind) == 56, "descriptor kind moved");
_Static_assert(offsetof(keelson_plugin_descriptor, create) == 72, "descriptor hooks moved");
_Static_assert(offsetof(keelson_host, log) == 8, "host table moved");
_Static_assert(offsetof(keelson_sink, write) == 16, "sink layout changed");
_Static_assert(sizeof(keelson_sched_plugin_info) == 24, "scheduler plugin info layout changed");
_Static_assert(offsetof(keelson_scheduler_v2, plugins_plugin_owned) == 8, "scheduler v2 plugin list moved");
_Static_assert(offsetof(keelson_scheduler_v2, node_event) == 24, "scheduler v2 hooks moved");
#endif
