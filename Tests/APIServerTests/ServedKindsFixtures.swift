import Foundation
import Kernel

/// A pod template labelled `labels` running one nginx container.
func samplePodTemplate(_ labels: [String: String], restartPolicy: String? = nil) -> JSONValue {
    var template: JSONValue = [
        "metadata": ["labels": .object(labels.mapValues(JSONValue.string))],
        "spec": ["containers": [["name": "main", "image": "nginx:1.25"]]],
    ]
    if let restartPolicy { template[path: "spec", "restartPolicy"] = .string(restartPolicy) }
    return template
}

/// A DaemonSet selecting app=`name`.
func sampleDaemonSet(_ name: String) -> JSONValue {
    ["apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": ["name": .string(name)],
     "spec": ["selector": ["matchLabels": ["app": .string(name)]], "template": samplePodTemplate(["app": name])]]
}

/// A StatefulSet of `replicas` pods selecting app=`name`, governed by Service `name`.
func sampleStatefulSet(_ name: String, replicas: Int64 = 2) -> JSONValue {
    ["apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": ["name": .string(name)],
     "spec": ["replicas": .int(replicas), "serviceName": .string(name),
              "selector": ["matchLabels": ["app": .string(name)]], "template": samplePodTemplate(["app": name])]]
}

/// A ReplicationController of `replicas` pods labelled app=`name`, selector left to default.
func sampleReplicationController(_ name: String, replicas: Int64 = 3) -> JSONValue {
    ["apiVersion": "v1", "kind": "ReplicationController", "metadata": ["name": .string(name)],
     "spec": ["replicas": .int(replicas), "template": samplePodTemplate(["app": name])]]
}

/// A CronJob running busybox on `schedule`.
func sampleCronJob(_ name: String, schedule: String = "*/5 * * * *") -> JSONValue {
    ["apiVersion": "batch/v1", "kind": "CronJob", "metadata": ["name": .string(name)],
     "spec": ["schedule": .string(schedule),
              "jobTemplate": ["spec": ["template": ["spec": [
                  "restartPolicy": "OnFailure", "containers": [["name": "main", "image": "busybox", "command": ["date"]]],
              ]]]]]]
}

/// A claim for `storage` with ReadWriteOnce.
func sampleClaim(_ name: String, storage: String = "1Gi") -> JSONValue {
    ["apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": ["name": .string(name)],
     "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": .string(storage)]]]]
}

/// A hostPath PersistentVolume of `storage`.
func sampleVolume(_ name: String, storage: String = "5Gi") -> JSONValue {
    ["apiVersion": "v1", "kind": "PersistentVolume", "metadata": ["name": .string(name)],
     "spec": ["capacity": ["storage": .string(storage)], "accessModes": ["ReadWriteOnce", "ReadOnlyMany"],
              "hostPath": ["path": "/srv/data"]]]
}

/// An Ingress routing `host`/ to Service `service` port 80.
func sampleIngress(_ name: String, host: String = "web.example.com", service: String = "web") -> JSONValue {
    ["apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": ["name": .string(name)],
     "spec": ["rules": [["host": .string(host), "http": ["paths": [[
         "path": "/", "pathType": "Prefix", "backend": ["service": ["name": .string(service), "port": ["number": 80]]],
     ]]]]]]]
}
