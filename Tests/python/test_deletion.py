"""Deletion through the official client: graceful pod deletion finished by the kubelet,
finalizers, propagation policies and delete_collection."""

import pytest
from kubernetes import client

from helpers import config_map, poll, pod, status_body, unique


def gone(read):
    """True once `read()` answers 404."""
    try:
        read()
    except client.ApiException as error:
        if error.status == 404:
            return True
        raise
    return False


def test_a_running_pod_terminates_gracefully(core, namespace):
    name = unique("graceful")
    core.create_namespaced_pod(namespace, pod(name))
    poll("the pod Running", lambda: core.read_namespaced_pod(name, namespace).status.phase == "Running")
    marked = core.delete_namespaced_pod(name, namespace, grace_period_seconds=20)
    # Bound to a node: the answer is the pod, marked for deletion with the grace period.
    assert marked.metadata.deletion_timestamp is not None
    assert marked.metadata.deletion_grace_period_seconds == 20
    poll("the kubelet to remove the pod", lambda: gone(lambda: core.read_namespaced_pod(name, namespace)))


def test_finalizers_hold_an_object_until_removed(core, namespace):
    name = unique("held")
    body = config_map(name, {"k": "v"})
    body.metadata.finalizers = ["example.com/hold"]
    core.create_namespaced_config_map(namespace, body)
    core.delete_namespaced_config_map(name, namespace, propagation_policy="Foreground")
    held = core.read_namespaced_config_map(name, namespace)
    assert held.metadata.deletion_timestamp is not None
    assert "example.com/hold" in held.metadata.finalizers
    with pytest.raises(client.ApiException) as refused:
        core.patch_namespaced_config_map(name, namespace, {"metadata": {"finalizers": held.metadata.finalizers + ["example.com/more"]}})
    assert refused.value.status == 422
    assert "no new finalizers can be added" in status_body(refused.value)["message"]
    core.patch_namespaced_config_map(name, namespace, {"metadata": {"finalizers": None}})
    poll("the object removed", lambda: gone(lambda: core.read_namespaced_config_map(name, namespace)))


def test_delete_collection_by_label(core, namespace):
    for index in range(3):
        body = config_map(unique("cm"), {"i": str(index)})
        body.metadata.labels = {"batch": "yes" if index < 2 else "no"}
        core.create_namespaced_config_map(namespace, body)
    core.delete_collection_namespaced_config_map(namespace, label_selector="batch=yes")
    left = core.list_namespaced_config_map(namespace).items
    assert [item.metadata.labels.get("batch") for item in left if item.metadata.labels] == ["no"]


def test_invalid_propagation_policy_is_422(core, namespace):
    name = unique("cm")
    core.create_namespaced_config_map(namespace, config_map(name, {"k": "v"}))
    with pytest.raises(client.ApiException) as refused:
        core.delete_namespaced_config_map(name, namespace, propagation_policy="Sideways")
    assert refused.value.status == 422
    assert status_body(refused.value)["message"].startswith('DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value')
