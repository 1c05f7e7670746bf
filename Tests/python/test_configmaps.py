"""ConfigMap create/get/patch/update/delete, and the errors Kubernetes gives for them."""

import pytest
from kubernetes import client

from helpers import config_map, status_body, unique


def test_create_get_merge_patch_delete(core, namespace):
    name = unique("cm")
    created = core.create_namespaced_config_map(namespace, config_map(name, {"a": "1", "b": "2"}))
    assert created.metadata.name == name
    assert created.metadata.uid and created.metadata.resource_version and created.metadata.creation_timestamp

    fetched = core.read_namespaced_config_map(name, namespace)
    assert fetched.data == {"a": "1", "b": "2"}
    assert fetched.metadata.uid == created.metadata.uid

    # JSON merge patch (RFC 7386): null removes a key, a new key is added, others stay.
    patched = core.patch_namespaced_config_map(
        name, namespace, {"data": {"a": None, "c": "3"}, "metadata": {"labels": {"tier": "test"}}},
        _content_type="application/merge-patch+json",
    )
    assert patched.data == {"b": "2", "c": "3"}
    assert patched.metadata.labels == {"tier": "test"}
    assert int(patched.metadata.resource_version) > int(created.metadata.resource_version)
    assert core.read_namespaced_config_map(name, namespace).data == {"b": "2", "c": "3"}

    core.delete_namespaced_config_map(name, namespace)
    with pytest.raises(client.ApiException) as raised:
        core.read_namespaced_config_map(name, namespace)
    assert raised.value.status == 404


def test_stale_update_is_a_409_conflict(core, namespace):
    name = unique("cm")
    created = core.create_namespaced_config_map(namespace, config_map(name, {"v": "1"}))
    fresh = core.read_namespaced_config_map(name, namespace)
    fresh.data = {"v": "2"}
    core.replace_namespaced_config_map(name, namespace, fresh)

    created.data = {"v": "stale"}  # still carries the first resourceVersion
    with pytest.raises(client.ApiException) as raised:
        core.replace_namespaced_config_map(name, namespace, created)
    assert raised.value.status == 409
    status = status_body(raised.value)
    assert status["kind"] == "Status" and status["status"] == "Failure"
    assert status["reason"] == "Conflict" and status["code"] == 409
    assert core.read_namespaced_config_map(name, namespace).data == {"v": "2"}


def test_missing_pod_is_404_not_found(core, namespace):
    with pytest.raises(client.ApiException) as raised:
        core.read_namespaced_pod("no-such-pod", namespace)
    error = raised.value
    assert error.status == 404
    status = status_body(error)
    assert status["kind"] == "Status" and status["apiVersion"] == "v1"
    assert status["status"] == "Failure"
    assert status["reason"] == "NotFound"
    assert status["code"] == 404
    assert status["message"] == 'pods "no-such-pod" not found'
    assert status["details"]["name"] == "no-such-pod" and status["details"]["kind"] == "pods"
