#!/usr/bin/env python3
"""Creates the benchmark's objects through the API over one keep-alive connection.

    create-objects.py BASE_URL NAMESPACE COUNT [TOKEN]

Creates NAMESPACE (if absent), then COUNT pods named pod-00000, pod-00001, ... in it. Each pod
names an unserved scheduler (spec.schedulerName: bench-unscheduled), so no component touches
it afterwards: the cluster only stores it. Prints the count and the wall time taken. Any answer
other than 201 (or 409 for an existing namespace) stops the script with its body.
"""
import http.client
import json
import sys
import time
import urllib.parse

base, namespace, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
token = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] else None
url = urllib.parse.urlsplit(base)
if url.scheme == "https":
    import ssl
    connection = http.client.HTTPSConnection(url.hostname, url.port, context=ssl._create_unverified_context())
else:
    connection = http.client.HTTPConnection(url.hostname, url.port)
headers = {"Content-Type": "application/json", "Accept": "application/json"}
if token:
    headers["Authorization"] = "Bearer " + token


def post(path, body, accepted):
    connection.request("POST", path, json.dumps(body), headers)
    response = connection.getresponse()
    data = response.read()
    if response.status not in accepted:
        sys.exit(f"POST {path}: HTTP {response.status}: {data[:500]!r}")


post("/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}}, (201, 409))
start = time.monotonic()
for index in range(count):
    post(f"/api/v1/namespaces/{namespace}/pods", {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": f"pod-{index:05d}", "labels": {"app": "bench", "index": str(index)}},
        "spec": {
            "schedulerName": "bench-unscheduled",
            "containers": [{"name": "main", "image": "registry.example/bench:1.0", "ports": [{"containerPort": 8080}]}],
        },
    }, (201,))
elapsed = time.monotonic() - start
print(f"created {count} pods in {namespace} in {elapsed:.2f} s ({count / elapsed if elapsed else 0:.0f} pods/s)")
