"""Scheduling through the official client: PriorityClasses and the Priority admission, and the
scheduler's PodScheduled condition, FailedScheduling Event and requeue when a node changes."""

import pytest
from kubernetes import client

from helpers import poll, status_body, unique


@pytest.fixture(scope="module")
def scheduling(api_client):
    """SchedulingV1Api for the cluster."""
    return client.SchedulingV1Api(api_client)


def test_priority_classes_set_pod_priority(core, scheduling, namespace):
    names = {item.metadata.name: item.value for item in scheduling.list_priority_class().items}
    assert names["system-node-critical"] == 2000001000
    assert names["system-cluster-critical"] == 2000000000

    class_name = unique("high")
    scheduling.create_priority_class(client.V1PriorityClass(
        metadata=client.V1ObjectMeta(name=class_name), value=1000, preemption_policy="Never", description="pytest"))
    try:
        spec = client.V1PodSpec(containers=[client.V1Container(name="main", image="nginx:1.27")], priority_class_name=class_name)
        created = core.create_namespaced_pod(namespace, client.V1Pod(metadata=client.V1ObjectMeta(name="prioritised"), spec=spec))
        assert created.spec.priority == 1000
        assert created.spec.preemption_policy == "Never"

        missing = client.V1PodSpec(containers=[client.V1Container(name="main", image="nginx:1.27")], priority_class_name="no-such-class")
        with pytest.raises(client.ApiException) as raised:
            core.create_namespaced_pod(namespace, client.V1Pod(metadata=client.V1ObjectMeta(name="orphan"), spec=missing))
        assert raised.value.status == 403
        assert status_body(raised.value)["message"] == 'pods "orphan" is forbidden: no PriorityClass with name no-such-class was found'
    finally:
        scheduling.delete_priority_class(class_name)


def test_unschedulable_pod_is_reported_then_placed_when_a_node_is_labelled(core, namespace):
    label = unique("disk")
    spec = client.V1PodSpec(containers=[client.V1Container(name="main", image="nginx:1.27")], node_selector={label: "nvme"})
    core.create_namespaced_pod(namespace, client.V1Pod(metadata=client.V1ObjectMeta(name="picky"), spec=spec))

    def condition():
        pod = core.read_namespaced_pod("picky", namespace)
        found = [c for c in (pod.status.conditions or []) if c.type == "PodScheduled"]
        return found[0] if found and found[0].status == "False" else None

    scheduled = poll("PodScheduled=False on picky", condition)
    assert scheduled.reason == "Unschedulable"
    nodes = core.list_node().items
    assert scheduled.message.startswith(f"0/{len(nodes)} nodes are available: {len(nodes)} node(s) didn't match Pod's node affinity/selector.")
    event = poll("a FailedScheduling event", lambda: [
        e for e in core.list_namespaced_event(namespace, field_selector="involvedObject.name=picky").items
        if e.reason == "FailedScheduling"])[0]
    assert event.type == "Warning" and event.source.component == "default-scheduler"

    target = nodes[0].metadata.name
    core.patch_node(target, {"metadata": {"labels": {label: "nvme"}}})
    try:
        bound = poll("picky bound after the label", lambda: core.read_namespaced_pod("picky", namespace).spec.node_name)
        assert bound == target
    finally:
        core.patch_node(target, {"metadata": {"labels": {label: None}}})
