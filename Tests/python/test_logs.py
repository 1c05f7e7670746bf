"""Pod logs and the node proxy through the official client: read_namespaced_pod_log (with
tail_lines, timestamps, a streamed follow) and connect_get_node_proxy_with_path, plus the
Status errors for a wrong container name."""

import json

import pytest
from kubernetes import client

from helpers import poll, status_body, unique


def printer(name, script):
    """A pod whose one container runs `sh -c script`."""
    return client.V1Pod(
        metadata=client.V1ObjectMeta(name=name),
        spec=client.V1PodSpec(containers=[
            client.V1Container(name="main", image="busybox:1.36", command=["sh", "-c", script]),
        ]),
    )


def test_read_log_tail_and_timestamps(core, namespace):
    name = unique("printer")
    core.create_namespaced_pod(namespace, printer(name, "echo one; echo two; sleep 3600"))
    text = poll("the pod's log", lambda: _log_or_empty(core, name, namespace))
    assert text == "one\ntwo\n"
    assert core.read_namespaced_pod_log(name, namespace, tail_lines=1) == "two\n"
    stamped = core.read_namespaced_pod_log(name, namespace, timestamps=True).splitlines()
    assert [line.split(" ", 1)[1] for line in stamped] == ["one", "two"]

    with pytest.raises(client.ApiException) as raised:
        core.read_namespaced_pod_log(name, namespace, container="nope")
    assert raised.value.status == 400
    assert status_body(raised.value)["message"] == f"container nope is not valid for pod {name}"


def test_follow_streams_until_the_client_closes(core, namespace):
    name = unique("follow")
    core.create_namespaced_pod(namespace, printer(name, "echo start; sleep 2; echo after; sleep 3600"))
    poll("the first line", lambda: "start" in _log_or_empty(core, name, namespace))
    response = core.read_namespaced_pod_log(name, namespace, follow=True, _preload_content=False)
    seen = ""
    try:
        for chunk in response.stream(64):
            seen += chunk.decode()
            if "after\n" in seen:
                break
    finally:
        response.release_conn()
    assert seen.startswith("start\n") and "after\n" in seen


def test_node_proxy_healthz_and_summary(core, namespace):
    name = unique("summary")
    core.create_namespaced_pod(namespace, printer(name, "sleep 3600"))
    pod = poll("the pod to be scheduled", lambda: core.read_namespaced_pod(name, namespace).spec.node_name and
                core.read_namespaced_pod(name, namespace))
    node = pod.spec.node_name
    assert core.connect_get_node_proxy_with_path(node, "healthz") == "ok"
    summary = core.connect_get_node_proxy_with_path(node, "stats/summary", _preload_content=False)
    assert json.loads(summary.data)["node"]["nodeName"] == node


def _log_or_empty(core, name, namespace):
    try:
        return core.read_namespaced_pod_log(name, namespace)
    except client.ApiException:
        return ""
