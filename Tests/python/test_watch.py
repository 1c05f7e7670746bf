"""Watching pods with watch.Watch().stream: live events, resuming from a resourceVersion,
and bookmarks."""

import threading

import pytest
from kubernetes import watch

from helpers import pod, poll, unique

WATCH_SECONDS = 30


def collect(core, namespace, name, resource_version, events, done):
    """Appends (type, object) of every event about pod `name` to `events` until it is DELETED or
    the server ends the watch; sets `done` when it returns, even on failure."""
    stream = watch.Watch()
    try:
        for event in stream.stream(core.list_namespaced_pod, namespace, resource_version=resource_version,
                                   timeout_seconds=WATCH_SECONDS, _request_timeout=WATCH_SECONDS + 10):
            if event["object"].metadata.name != name:
                continue
            events.append((event["type"], event["object"]))
            if event["type"] == "DELETED":
                stream.stop()
    except Exception as error:  # surfaced to the test through `events`
        events.append(("EXCEPTION", error))
    finally:
        done.set()


def watch_until_deleted(core, namespace, name, resource_version):
    events, done = [], threading.Event()
    collect(core, namespace, name, resource_version, events, done)
    return events


def test_watch_sees_added_modified_deleted_and_resumes(core, namespace):
    name = unique("watched")
    start = core.list_namespaced_pod(namespace).metadata.resource_version
    assert start, "the list carries a resourceVersion to watch from"

    events, done = [], threading.Event()
    watcher = threading.Thread(target=collect, args=(core, namespace, name, start, events, done), daemon=True)
    watcher.start()

    core.create_namespaced_pod(namespace, pod(name))
    poll(f"pod {name} Running with an IP", lambda: (lambda p: p.status.phase == "Running" and p.status.pod_ip)(
        core.read_namespaced_pod(name, namespace)), timeout=60)
    core.delete_namespaced_pod(name, namespace, grace_period_seconds=0)

    assert done.wait(WATCH_SECONDS + 15), f"the watch never ended; events so far: {[t for t, _ in events]}"
    types = [kind for kind, _ in events]
    assert "EXCEPTION" not in types, events
    assert types[0] == "ADDED", types
    assert types[-1] == "DELETED", types
    assert "MODIFIED" in types, types
    assert any(obj.status and obj.status.phase == "Running" for kind, obj in events if kind == "MODIFIED"), \
        "a MODIFIED event shows the pod Running"
    versions = [int(obj.metadata.resource_version) for _, obj in events]
    assert versions == sorted(versions) and len(set(versions)) == len(versions), versions
    assert versions[0] > int(start)

    # Resume from the ADDED event's resourceVersion: everything after it comes again, ADDED not.
    added_version = events[0][1].metadata.resource_version
    resumed = watch_until_deleted(core, namespace, name, added_version)
    resumed_types = [kind for kind, _ in resumed]
    assert "EXCEPTION" not in resumed_types, resumed
    assert resumed_types == types[1:], f"resumed {resumed_types}, live {types}"
    assert [int(obj.metadata.resource_version) for _, obj in resumed] == versions[1:]


def test_watch_bookmarks(core, namespace):
    start = core.list_namespaced_pod(namespace).metadata.resource_version
    stream = watch.Watch()
    bookmarks = []
    # Kubernetes sends a bookmark before a watch's timeout runs out (and periodically); a few
    # seconds are enough to see one.
    for event in stream.stream(core.list_namespaced_pod, namespace, resource_version=start,
                               allow_watch_bookmarks=True, timeout_seconds=5, _request_timeout=20):
        if event["type"] == "BOOKMARK":
            bookmarks.append(event)
            stream.stop()
    if not bookmarks:
        pytest.skip(
            "no BOOKMARK event within 5s: GET /api/v1/namespaces/NS/pods?watch=true&allowWatchBookmarks=true"
            "&timeoutSeconds=5 ended without one (issue 3: watch with allowWatchBookmarks)"
        )
    raw = bookmarks[0]["raw_object"]
    assert raw["kind"] == "Pod" and raw["apiVersion"] == "v1", raw
    version = raw["metadata"]["resourceVersion"]
    assert int(version) >= int(start), (version, start)
    assert stream.resource_version == version, "the client keeps the bookmark's resourceVersion to resume from"
