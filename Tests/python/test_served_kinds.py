"""PersistentVolumeClaims, PersistentVolumes, DaemonSets, StatefulSets, CronJobs and Ingresses
through the official client: stored with Kubernetes' defaults, validated, scaled; no
controller acts on them yet."""

import pytest
from kubernetes import client

from helpers import status_body, unique


def _template(app):
    return client.V1PodTemplateSpec(
        metadata=client.V1ObjectMeta(labels={"app": app}),
        spec=client.V1PodSpec(containers=[client.V1Container(name="main", image="nginx:1.25")]),
    )


def _claim(name, storage="1Gi"):
    return client.V1PersistentVolumeClaim(
        metadata=client.V1ObjectMeta(name=name),
        spec=client.V1PersistentVolumeClaimSpec(
            access_modes=["ReadWriteOnce"], resources=client.V1VolumeResourceRequirements(requests={"storage": storage})),
    )


def test_claims_start_pending_and_only_their_requests_change(core, namespace):
    name = unique("pvc")
    created = core.create_namespaced_persistent_volume_claim(namespace, _claim(name))
    assert created.status.phase == "Pending"
    assert created.spec.volume_mode == "Filesystem"

    resized = core.patch_namespaced_persistent_volume_claim(
        name, namespace, {"spec": {"resources": {"requests": {"storage": "2Gi"}}}})
    assert resized.spec.resources.requests == {"storage": "2Gi"}

    with pytest.raises(client.ApiException) as raised:
        core.patch_namespaced_persistent_volume_claim(name, namespace, {"spec": {"accessModes": ["ReadWriteMany"]}})
    assert raised.value.status == 422
    assert [cause["field"] for cause in status_body(raised.value)["details"]["causes"]] == ["spec"]


def test_volumes_are_cluster_scoped_and_stay_pending(core):
    name = unique("pv")
    volume = client.V1PersistentVolume(
        metadata=client.V1ObjectMeta(name=name),
        spec=client.V1PersistentVolumeSpec(capacity={"storage": "5Gi"}, access_modes=["ReadWriteOnce"],
                                           host_path=client.V1HostPathVolumeSource(path="/srv")))
    created = core.create_persistent_volume(volume)
    assert created.metadata.namespace is None
    assert created.status.phase == "Pending"
    assert created.spec.persistent_volume_reclaim_policy == "Retain"
    assert name in [item.metadata.name for item in core.list_persistent_volume().items]
    core.delete_persistent_volume(name)


def test_daemon_and_stateful_sets_get_defaults_and_scale(api_client, namespace):
    apps = client.AppsV1Api(api_client)
    ds = apps.create_namespaced_daemon_set(namespace, client.V1DaemonSet(
        metadata=client.V1ObjectMeta(name=unique("ds")),
        spec=client.V1DaemonSetSpec(selector=client.V1LabelSelector(match_labels={"app": "agent"}), template=_template("agent"))))
    assert ds.spec.update_strategy.type == "RollingUpdate"
    assert ds.spec.update_strategy.rolling_update.max_unavailable == 1
    assert ds.status.desired_number_scheduled == 0

    name = unique("sts")
    sts = apps.create_namespaced_stateful_set(namespace, client.V1StatefulSet(
        metadata=client.V1ObjectMeta(name=name),
        spec=client.V1StatefulSetSpec(service_name="db", selector=client.V1LabelSelector(match_labels={"app": "db"}),
                                      template=_template("db"))))
    assert sts.spec.pod_management_policy == "OrderedReady"
    assert sts.spec.replicas == 1
    scale = apps.patch_namespaced_stateful_set_scale(name, namespace, {"spec": {"replicas": 3}})
    assert scale.spec.replicas == 3
    assert scale.status.selector == "app=db"
    assert apps.read_namespaced_stateful_set(name, namespace).spec.replicas == 3


def test_cron_jobs_validate_their_schedule(api_client, namespace):
    batch = client.BatchV1Api(api_client)

    def cron_job(name, schedule):
        return client.V1CronJob(
            metadata=client.V1ObjectMeta(name=name),
            spec=client.V1CronJobSpec(schedule=schedule, job_template=client.V1JobTemplateSpec(spec=client.V1JobSpec(
                template=client.V1PodTemplateSpec(spec=client.V1PodSpec(
                    restart_policy="OnFailure", containers=[client.V1Container(name="main", image="busybox")]))))))

    created = batch.create_namespaced_cron_job(namespace, cron_job(unique("cj"), "@hourly"))
    assert created.spec.concurrency_policy == "Allow"
    assert created.spec.successful_jobs_history_limit == 3
    with pytest.raises(client.ApiException) as raised:
        batch.create_namespaced_cron_job(namespace, cron_job(unique("cj"), "every day at noon"))
    assert raised.value.status == 422
    assert [cause["field"] for cause in status_body(raised.value)["details"]["causes"]] == ["spec.schedule"]


def test_ingresses_are_stored_and_listed(api_client, namespace):
    networking = client.NetworkingV1Api(api_client)
    name = unique("ing")
    backend = client.V1IngressBackend(service=client.V1IngressServiceBackend(
        name="web", port=client.V1ServiceBackendPort(number=80)))
    rule = client.V1IngressRule(host="web.example.com", http=client.V1HTTPIngressRuleValue(
        paths=[client.V1HTTPIngressPath(path="/", path_type="Prefix", backend=backend)]))
    networking.create_namespaced_ingress(namespace, client.V1Ingress(
        metadata=client.V1ObjectMeta(name=name), spec=client.V1IngressSpec(rules=[rule])))
    listed = networking.list_namespaced_ingress(namespace).items
    assert [item.spec.rules[0].host for item in listed if item.metadata.name == name] == ["web.example.com"]
