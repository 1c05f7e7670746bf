"""Fixtures: one real `keelson up` per test session, and official `kubernetes` clients for it.

The cluster runs from the built binary (`.build/debug/keelson`, or `KEELSON_BIN`) with a
temporary data dir, the API server and the DNS add-on on free loopback ports. The client is
configured only from the kubeconfig the cluster writes into its data dir, as a user would.
"""

import os
import pathlib
import queue
import re
import signal
import subprocess
import tempfile
import threading
import time
import uuid

import pytest
from kubernetes import client, config

REPO = pathlib.Path(__file__).resolve().parents[2]
BINARY = pathlib.Path(os.environ.get("KEELSON_BIN", REPO / ".build" / "debug" / "keelson"))
START_DEADLINE_SECONDS = 60
STOP_DEADLINE_SECONDS = 20
LISTENING = re.compile(r"keelson: API server listening on (https?://\S+)")
DNS_LISTENING = re.compile(r"keelson: DNS \(cluster-dns\) listening on ([0-9.]+):([0-9]+)")
UP = "keelson: cluster is up"

CLUSTER_CONFIG = """\
apiVersion: keelson.dev/v1alpha1
kind: ClusterConfig
dataDir: {data_dir}
apiServer: {{address: "127.0.0.1:0"}}
dns: {{plugin: cluster-dns, config: {{listen: "127.0.0.1:0"}}}}
"""


class Cluster:
    """A running `keelson up` process: its API URL, data dir and kubeconfig."""

    def __init__(self, process, api_url, data_dir, dns_address=None):
        self.process = process
        self.api_url = api_url
        self.data_dir = data_dir
        # (host, port) of the DNS add-on, from its "listening on" line; None if it did not start.
        self.dns_address = dns_address
        self.kubeconfig = data_dir / "kubeconfig"


def _pump(stream, lines, output):
    """Copies the process's output into `lines` (for start-up) and `output` (for diagnostics),
    and keeps draining it so the process never blocks on a full pipe."""
    for line in iter(stream.readline, ""):
        output.append(line)
        lines.put(line)
    lines.put(None)


def _stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_DEADLINE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError(f"keelson did not exit within {STOP_DEADLINE_SECONDS}s of SIGTERM")


@pytest.fixture(scope="session")
def cluster():
    """Starts `keelson up --config <tmp config>` and yields a Cluster once it is up; stops it
    with SIGTERM at the end of the session."""
    if not BINARY.is_file():
        pytest.fail(f"{BINARY} is missing: build it first with `swift build`", pytrace=False)
    with tempfile.TemporaryDirectory(prefix="keelson-pytest-") as tmp:
        tmp = pathlib.Path(tmp)
        data_dir = tmp / "data"
        config_file = tmp / "cluster.yaml"
        config_file.write_text(CLUSTER_CONFIG.format(data_dir=data_dir))
        process = subprocess.Popen(
            [str(BINARY), "up", "--config", str(config_file)],
            cwd=tmp,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines, output = queue.Queue(), []
        threading.Thread(target=_pump, args=(process.stdout, lines, output), daemon=True).start()
        try:
            api_url, dns_address, up = None, None, False
            deadline = time.monotonic() + START_DEADLINE_SECONDS
            while not up:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"keelson not up within {START_DEADLINE_SECONDS}s:\n{''.join(output)}")
                try:
                    line = lines.get(timeout=remaining)
                except queue.Empty:
                    continue
                if line is None:
                    raise AssertionError(f"keelson exited ({process.wait()}) before it was up:\n{''.join(output)}")
                match = LISTENING.search(line)
                if match:
                    api_url = match.group(1)
                match = DNS_LISTENING.search(line)
                if match:
                    dns_address = (match.group(1), int(match.group(2)))
                up = UP in line
            assert api_url, f"no 'API server listening on' line before 'cluster is up':\n{''.join(output)}"
            yield Cluster(process, api_url, data_dir, dns_address)
        finally:
            _stop(process)


@pytest.fixture(scope="session")
def api_client(cluster):
    """An ApiClient configured only from the kubeconfig the cluster wrote."""
    configuration = client.Configuration()
    config.load_kube_config(config_file=str(cluster.kubeconfig), client_configuration=configuration)
    assert configuration.host == cluster.api_url, (
        f"kubeconfig server {configuration.host} is not the printed API URL {cluster.api_url}"
    )
    with client.ApiClient(configuration) as api:
        yield api


@pytest.fixture(scope="session")
def core(api_client):
    """CoreV1Api for the cluster."""
    return client.CoreV1Api(api_client)


@pytest.fixture(scope="session")
def apps(api_client):
    """AppsV1Api for the cluster."""
    return client.AppsV1Api(api_client)


@pytest.fixture
def namespace(core):
    """A fresh namespace for one test, deleted afterwards."""
    name = f"pytest-{uuid.uuid4().hex[:8]}"
    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=name)))
    yield name
    try:
        core.delete_namespace(name)
    except client.ApiException as error:
        if error.status != 404:
            raise

