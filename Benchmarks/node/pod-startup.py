#!/usr/bin/env python3
"""Pod startup latency: creates pods through the API and times each one to `Running`, as seen
through a watch, with the official Python `kubernetes` client.

    pod-startup.py KUBECONFIG [--pods 1000] [--concurrency 4] [--namespace bench-startup]
                   [--image nginx:1.27] [--timeout 600] [--output FILE]

A watch on the namespace's pods starts (from the namespace's current resourceVersion) before the
first create. Then CONCURRENCY threads create PODS pods as fast as the client can, each thread
sending one POST after another (no batching, no pacing). For every pod the script records, on
the monotonic clock of this process:

  - sent:     the create request leaves;
  - created:  the create response (201) arrives — the start of the pod's latency;
  - added:    the watch delivers the pod for the first time (the floor: a write observed through
              a watch, with no scheduler or node work in between);
  - bound:    the watch first shows `spec.nodeName` (the scheduler's binding);
  - running:  the watch first shows `status.phase: Running`.

It also reports how many writes the store took during the run (the growth of the store's
revision, which counts every write in the cluster).

Latency of a pod = running - created (Kubernetes' pod startup SLI, measured from the create
response instead of the second-resolution creationTimestamp). The watch may deliver ADDED
before the creating thread has read its response, so the peer is taken from the request:
sent → added, compared with sent → running. It prints one JSON document with
the quantiles (nearest rank) of each interval, the wall time from the first create to the last
Running, and the pods per node. Exits 1 when a pod is not Running within TIMEOUT seconds.

The watch reads raw JSON lines (`_preload_content=False`) instead of letting the client build a
V1Pod per event, so the client's own CPU (it shares the machine with the cluster) stays small.
"""
import argparse
import json
import sys
import threading
import time

from kubernetes import client, config
from kubernetes.watch.watch import iter_resp_lines

parser = argparse.ArgumentParser()
parser.add_argument("kubeconfig")
parser.add_argument("--pods", type=int, default=1000)
parser.add_argument("--concurrency", type=int, default=4)
parser.add_argument("--namespace", default="bench-startup")
parser.add_argument("--image", default="nginx:1.27")
parser.add_argument("--timeout", type=float, default=600)
parser.add_argument("--output")
options = parser.parse_args()

config.load_kube_config(config_file=options.kubeconfig)
api_client = client.ApiClient()
api_client.configuration.connection_pool_maxsize = max(options.concurrency + 2, 10)
core = client.CoreV1Api(api_client)

names = [f"startup-{index:05d}" for index in range(options.pods)]
sent, created, added, bound, running, node_of = {}, {}, {}, {}, {}, {}
lock = threading.Lock()
all_running = threading.Event()
problems = []
events_seen = [0]


def namespace_revision():
    """Creates the namespace if needed; returns the resourceVersion of its (empty) pod list."""
    try:
        core.create_namespace({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": options.namespace}})
    except client.exceptions.ApiException as error:
        if error.status != 409:
            raise
    response = core.list_namespaced_pod(options.namespace, _preload_content=False)
    body = json.loads(response.data)
    if body.get("items"):
        sys.exit(f"namespace {options.namespace} already holds pods; use a fresh cluster or namespace")
    return body["metadata"]["resourceVersion"]


def watch(revision):
    """Follows the namespace's pods from `revision`, reconnecting after the server closes."""
    while not all_running.is_set():
        response = core.list_namespaced_pod(
            options.namespace, watch=True, resource_version=revision, allow_watch_bookmarks=True,
            timeout_seconds=int(options.timeout) + 60, _preload_content=False)
        try:
            for line in iter_resp_lines(response):
                now = time.monotonic()
                event = json.loads(line)
                kind, pod = event.get("type"), event.get("object", {})
                if kind == "ERROR":
                    problems.append(f"watch error: {pod}")
                    all_running.set()
                    return
                revision = pod.get("metadata", {}).get("resourceVersion", revision)
                if kind == "BOOKMARK":
                    continue
                name = pod["metadata"]["name"]
                with lock:
                    events_seen[0] += 1
                    added.setdefault(name, now)
                    node = pod.get("spec", {}).get("nodeName")
                    if node and name not in bound:
                        bound[name] = now
                        node_of[name] = node
                    if pod.get("status", {}).get("phase") == "Running" and name not in running:
                        running[name] = now
                        if len(running) == len(names):
                            all_running.set()
                if all_running.is_set():
                    return
        finally:
            response.release_conn()


def create(share):
    """Creates the pods of `share`, one request after another."""
    for name in share:
        body = {
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "labels": {"app": "startup-bench"}},
            "spec": {"containers": [{"name": "main", "image": options.image, "ports": [{"containerPort": 80}]}]},
        }
        started = time.monotonic()
        try:
            core.create_namespaced_pod(options.namespace, body, _preload_content=False)
        except client.exceptions.ApiException as error:
            problems.append(f"create {name}: HTTP {error.status}: {error.body[:300] if error.body else ''}")
            all_running.set()
            return
        finished = time.monotonic()
        with lock:
            sent[name], created[name] = started, finished


def quantiles(values):
    """p50/p90/p99/max/mean in milliseconds, nearest rank."""
    ordered = sorted(values)
    def rank(fraction):
        return ordered[min(len(ordered) - 1, max(0, -(-int(fraction * len(ordered) * 1000) // 1000) - 1))]
    return {
        "count": len(ordered),
        "p50_ms": round(rank(0.50) * 1000, 1), "p90_ms": round(rank(0.90) * 1000, 1),
        "p99_ms": round(rank(0.99) * 1000, 1), "max_ms": round(ordered[-1] * 1000, 1),
        "mean_ms": round(sum(ordered) / len(ordered) * 1000, 1),
    } if ordered else {"count": 0}


revision = namespace_revision()
watcher = threading.Thread(target=watch, args=(revision,), daemon=True)
watcher.start()
time.sleep(0.5)  # let the watch connect before the first create (its events are kept anyway)

begin = time.monotonic()
shares = [names[index::options.concurrency] for index in range(options.concurrency)]
creators = [threading.Thread(target=create, args=(share,)) for share in shares]
for thread in creators:
    thread.start()
for thread in creators:
    thread.join()
created_all = time.monotonic()
finished = all_running.wait(options.timeout)
end = time.monotonic()
# The store's revision counts every write in the cluster (pods, bindings, statuses, Events,
# node heartbeats): its growth over the run is the number of writes the run took.
final_revision = json.loads(core.list_namespaced_pod(options.namespace, limit=1, _preload_content=False).data)["metadata"]["resourceVersion"]

with lock:
    missing = [name for name in names if name not in running]
    result = {
        "pods": options.pods,
        "concurrency": options.concurrency,
        "image": options.image,
        "create_seconds": round(created_all - begin, 3),
        "create_rate": round(options.pods / (created_all - begin), 1) if created_all > begin else 0,
        "wall_seconds": round((max(running.values()) if running else end) - begin, 3),
        "running": len(running),
        "watch_events": events_seen[0],
        "store_writes": int(final_revision) - int(revision),
        "writes_per_second": round((int(final_revision) - int(revision)) / (end - begin), 1),
        "create_call": quantiles([created[n] - sent[n] for n in created]),
        "created_to_added": quantiles([max(0.0, added[n] - created[n]) for n in created if n in added]),
        "created_to_bound": quantiles([max(0.0, bound[n] - created[n]) for n in created if n in bound]),
        "bound_to_running": quantiles([max(0.0, running[n] - bound[n]) for n in running if n in bound]),
        "created_to_running": quantiles([max(0.0, running[n] - created[n]) for n in running if n in created]),
        "sent_to_added": quantiles([added[n] - sent[n] for n in sent if n in added]),
        "sent_to_running": quantiles([running[n] - sent[n] for n in sent if n in running]),
        "nodes": len(set(node_of.values())),
        "pods_per_node_min": min([list(node_of.values()).count(v) for v in set(node_of.values())] or [0]),
        "pods_per_node_max": max([list(node_of.values()).count(v) for v in set(node_of.values())] or [0]),
        "problems": problems[:5],
        "not_running": missing[:5],
    }
text = json.dumps(result, indent=2)
if options.output:
    with open(options.output, "w") as handle:
        handle.write(text + "\n")
print(text)
sys.exit(0 if finished and not missing and not problems else 1)
