"""Server-side apply through AppsV1Api: managedFields, conflicts between managers, force."""

import pytest
from kubernetes import client

from helpers import status_body, unique

APPLY = "application/apply-patch+yaml"


def manifest(name, replicas):
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]},
            },
        },
    }


def test_apply_creates_records_managers_and_conflicts(apps, namespace):
    name = unique("ssa")
    created = apps.patch_namespaced_deployment(name, namespace, manifest(name, 2), field_manager="alice", _content_type=APPLY)
    assert created.spec.replicas == 2
    entry = created.metadata.managed_fields[0]
    assert (entry.manager, entry.operation, entry.fields_type) == ("alice", "Apply", "FieldsV1")
    assert entry.fields_v1["f:spec"]["f:replicas"] == {}
    assert entry.fields_v1["f:spec"]["f:template"]["f:spec"]["f:containers"]['k:{"name":"web"}']["f:image"] == {}

    with pytest.raises(client.ApiException) as raised:
        apps.patch_namespaced_deployment(name, namespace, manifest(name, 4), field_manager="bob", _content_type=APPLY)
    assert raised.value.status == 409
    body = status_body(raised.value)
    assert body["reason"] == "Conflict"
    assert body["message"] == 'Apply failed with 1 conflict: conflict with "alice": .spec.replicas'
    assert body["details"]["causes"] == [
        {"reason": "FieldManagerConflict", "message": 'conflict with "alice"', "field": ".spec.replicas"}]

    forced = apps.patch_namespaced_deployment(name, namespace, manifest(name, 4), field_manager="bob", force=True, _content_type=APPLY)
    assert forced.spec.replicas == 4
    owners = {m.manager: m.fields_v1 for m in forced.metadata.managed_fields}
    assert "f:replicas" in owners["bob"]["f:spec"]
    assert "f:replicas" not in owners["alice"]["f:spec"]

    with pytest.raises(client.ApiException) as raised:
        apps.patch_namespaced_deployment(name, namespace, manifest(name, 4), _content_type=APPLY)
    assert raised.value.status == 422
