"""Deployments through AppsV1Api: pods become Running with IPs; strategic merge patch."""

from kubernetes import client

from helpers import poll, unique


def deployment(name, replicas):
    labels = {"app": name}
    return client.V1Deployment(
        metadata=client.V1ObjectMeta(name=name, labels=labels),
        spec=client.V1DeploymentSpec(
            replicas=replicas,
            selector=client.V1LabelSelector(match_labels=labels),
            template=client.V1PodTemplateSpec(
                metadata=client.V1ObjectMeta(labels=labels),
                spec=client.V1PodSpec(containers=[
                    client.V1Container(
                        name="web", image="nginx:1.27",
                        ports=[client.V1ContainerPort(container_port=80, name="http")],
                        env=[client.V1EnvVar(name="MODE", value="a")],
                    ),
                ]),
            ),
        ),
    )


def running_pods(core, namespace, name, count):
    """The Deployment's pods when exactly `count` are Running with a pod IP, else None."""
    pods = core.list_namespaced_pod(namespace, label_selector=f"app={name}").items
    live = [p for p in pods if p.metadata.deletion_timestamp is None]
    ready = [p for p in live if p.status and p.status.phase == "Running" and p.status.pod_ip]
    return ready if len(live) == count and len(ready) == count else None


def test_deployment_pods_run_with_ips(core, apps, namespace):
    name = unique("web")
    created = apps.create_namespaced_deployment(namespace, deployment(name, 3))
    assert created.metadata.uid and created.metadata.generation == 1

    pods = poll(f"3 Running pods of deployment {name}", lambda: running_pods(core, namespace, name, 3), timeout=60)
    ips = [p.status.pod_ip for p in pods]
    assert len(set(ips)) == 3, f"pod IPs are not distinct: {ips}"
    assert all(ip.startswith("127.244.") for ip in ips), ips
    assert all(p.spec.node_name for p in pods)
    for p in pods:
        owners = p.metadata.owner_references or []
        assert [o.kind for o in owners] == ["ReplicaSet"], owners

    status = poll(
        "deployment status to count 3 available replicas",
        lambda: (lambda d: d.status if d.status and d.status.available_replicas == 3 else None)(
            apps.read_namespaced_deployment(name, namespace)),
        timeout=60,
    )
    assert status.replicas == 3


def test_strategic_merge_patch_on_deployment(apps, namespace):
    name = unique("smp")
    apps.create_namespaced_deployment(namespace, deployment(name, 1))

    # A dict body makes the client send application/strategic-merge-patch+json. Containers merge
    # by name and env by name: MODE changes, EXTRA is added, the port and the image stay.
    patch = {
        "metadata": {"labels": {"patched": "yes"}},
        "spec": {"replicas": 2, "template": {"spec": {"containers": [
            {"name": "web", "env": [{"name": "MODE", "value": "b"}, {"name": "EXTRA", "value": "1"}]},
        ]}}},
    }
    patched = apps.patch_namespaced_deployment(name, namespace, patch)
    assert patched.spec.replicas == 2
    assert patched.metadata.labels == {"app": name, "patched": "yes"}
    containers = patched.spec.template.spec.containers
    assert [c.name for c in containers] == ["web"], "containers merge by name, not replaced"
    web = containers[0]
    assert web.image == "nginx:1.27"
    assert [(p.name, p.container_port) for p in web.ports] == [("http", 80)]
    assert sorted((e.name, e.value) for e in web.env) == [("EXTRA", "1"), ("MODE", "b")]
    assert patched.metadata.generation == 2

    # $patch: delete removes one list element by its merge key.
    removed = apps.patch_namespaced_deployment(name, namespace, {"spec": {"template": {"spec": {"containers": [
        {"name": "web", "env": [{"name": "EXTRA", "$patch": "delete"}]},
    ]}}}})
    assert [(e.name, e.value) for e in removed.spec.template.spec.containers[0].env] == [("MODE", "b")]
