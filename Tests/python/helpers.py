"""Shared helpers for the end-to-end tests: polling with a deadline and small object builders."""

import json
import time
import uuid

from kubernetes import client


def poll(description, probe, timeout=30.0, interval=0.2):
    """Calls `probe` until it returns a truthy value and returns that; fails after `timeout`
    seconds naming `description` and the last value seen."""
    deadline = time.monotonic() + timeout
    while True:
        last = probe()
        if last:
            return last
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {description}; last: {last!r}")
        time.sleep(interval)


def unique(prefix):
    """A DNS-1123 name no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def status_body(error):
    """The decoded JSON body of an ApiException: the server's Status object."""
    assert error.body, f"HTTP {error.status} came with no body"
    return json.loads(error.body)


def pod(name, labels=None):
    """A one-container pod manifest."""
    return client.V1Pod(
        metadata=client.V1ObjectMeta(name=name, labels=labels or {"app": name}),
        spec=client.V1PodSpec(containers=[client.V1Container(name="main", image="nginx:1.27")]),
    )


def config_map(name, data):
    """A ConfigMap manifest."""
    return client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name), data=data)
