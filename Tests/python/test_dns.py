"""The cluster DNS add-on, queried with dnspython while the official `kubernetes` client creates
Services, pods and EndpointSlices: the records of the Kubernetes DNS specification 1.1.0 over
UDP and TCP, headless and not, ready and not ready, NXDOMAIN against NODATA, and truncation."""

import ipaddress

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import dns.reversename
import pytest
from kubernetes import client

from helpers import poll, unique

ZONE = "cluster.local"
TIMEOUT = 3.0


@pytest.fixture(scope="session")
def dns_server(cluster):
    """(host, port) of the session cluster's DNS add-on."""
    assert cluster.dns_address, "the cluster printed no 'DNS (cluster-dns) listening on' line"
    return cluster.dns_address


@pytest.fixture(scope="session")
def discovery(api_client):
    """DiscoveryV1Api (EndpointSlices) for the cluster."""
    return client.DiscoveryV1Api(api_client)


def ask(server, name, rdtype, tcp=False, payload=None):
    """One query for `name`/`rdtype` to the add-on, over TCP or UDP; `payload` turns EDNS on with
    that buffer size. A truncated UDP answer is returned as it came (no retry)."""
    host, port = server
    query = dns.message.make_query(name, rdtype, use_edns=payload is not None, payload=payload or 512)
    if tcp:
        return dns.query.tcp(query, host, port=port, timeout=TIMEOUT)
    return dns.query.udp(query, host, port=port, timeout=TIMEOUT)


def values(response, rdtype):
    """The answer section's data of type `rdtype`, as sorted text."""
    found = []
    for rrset in response.answer:
        if rrset.rdtype == dns.rdatatype.from_text(rdtype):
            found += [rdata.to_text() for rdata in rrset]
    return sorted(found)


def is_nodata(response):
    """NOERROR, authoritative, no answer, the zone's SOA in the authority section."""
    return (response.rcode() == dns.rcode.NOERROR and response.flags & dns.flags.AA and not response.answer
            and [rrset.rdtype for rrset in response.authority] == [dns.rdatatype.SOA])


def is_nxdomain(response):
    """NXDOMAIN, authoritative, the zone's SOA in the authority section."""
    return (response.rcode() == dns.rcode.NXDOMAIN and response.flags & dns.flags.AA and not response.answer
            and [rrset.rdtype for rrset in response.authority] == [dns.rdatatype.SOA])


def service(name, ports, selector=None, cluster_ip=None, publish_not_ready=None):
    """A Service manifest; `cluster_ip="None"` makes it headless."""
    return client.V1Service(
        metadata=client.V1ObjectMeta(name=name),
        spec=client.V1ServiceSpec(
            selector=selector, cluster_ip=cluster_ip, publish_not_ready_addresses=publish_not_ready,
            ports=[client.V1ServicePort(name=port_name, port=number, protocol=proto) for port_name, number, proto in ports],
        ),
    )


def pod(name, labels, hostname=None, subdomain=None, never_ready=False):
    """A one-container pod; `never_ready` gives it a readiness probe that always fails (a TCP
    connect to a port nothing listens on)."""
    probe = None
    if never_ready:
        probe = client.V1Probe(tcp_socket=client.V1TCPSocketAction(port=1), period_seconds=1, failure_threshold=1)
    return client.V1Pod(
        metadata=client.V1ObjectMeta(name=name, labels=labels),
        spec=client.V1PodSpec(
            hostname=hostname, subdomain=subdomain,
            containers=[client.V1Container(
                name="main", image="nginx:1.27", readiness_probe=probe,
                ports=[client.V1ContainerPort(container_port=5432, name="pg")],
            )],
        ),
    )


def pod_ips(core, namespace, selector, count, ready=True):
    """The pod IPs of `count` Running pods matching `selector` whose Ready condition is `ready`."""
    pods = core.list_namespaced_pod(namespace, label_selector=selector).items
    matching = []
    for p in pods:
        conditions = {c.type: c.status for c in (p.status.conditions or [])} if p.status else {}
        if p.status and p.status.phase == "Running" and p.status.pod_ip and (conditions.get("Ready") == "True") == ready:
            matching.append(p.status.pod_ip)
    return sorted(matching) if len(matching) == count else None


def test_dns_version_and_the_zone_apex(dns_server):
    for tcp in (False, True):
        version = ask(dns_server, f"dns-version.{ZONE}", "TXT", tcp=tcp)
        assert version.rcode() == dns.rcode.NOERROR and version.flags & dns.flags.AA
        assert values(version, "TXT") == ['"1.1.0"']
        soa = ask(dns_server, ZONE, "SOA", tcp=tcp)
        assert values(soa, "SOA")[0].startswith(f"ns.dns.{ZONE}. hostmaster.{ZONE}. ")
        assert is_nodata(ask(dns_server, f"dns-version.{ZONE}", "A", tcp=tcp))


def test_cluster_ip_service_records(core, namespace, dns_server):
    name = unique("web")
    created = core.create_namespaced_service(namespace, service(name, [("http", 80, "TCP"), ("dns", 53, "UDP")], selector={"app": name}))
    cluster_ip = created.spec.cluster_ip
    assert ipaddress.ip_address(cluster_ip)
    fqdn = f"{name}.{namespace}.svc.{ZONE}"
    poll(f"A record of {fqdn}", lambda: values(ask(dns_server, fqdn, "A"), "A") == [cluster_ip])
    for tcp in (False, True):
        a = ask(dns_server, fqdn, "A", tcp=tcp)
        assert a.flags & dns.flags.AA and values(a, "A") == [cluster_ip]
        assert a.answer[0].ttl == 5, "the default TTL"
        # A single-stack IPv4 service has no AAAA: the name exists, so NODATA, not NXDOMAIN.
        assert is_nodata(ask(dns_server, fqdn, "AAAA", tcp=tcp))
        # SRV per named port, to the service name, with its A record as additional data.
        srv = ask(dns_server, f"_http._tcp.{fqdn}", "SRV", tcp=tcp)
        assert values(srv, "SRV") == [f"0 100 80 {fqdn}."]
        assert [rdata.to_text() for rrset in srv.additional for rdata in rrset] == [cluster_ip]
        assert values(ask(dns_server, f"_dns._udp.{fqdn}", "SRV", tcp=tcp), "SRV") == [f"0 100 53 {fqdn}."]
        assert is_nxdomain(ask(dns_server, f"_dns._tcp.{fqdn}", "SRV", tcp=tcp))
        # PTR for the cluster IP.
        reverse = dns.reversename.from_address(cluster_ip)
        assert values(ask(dns_server, reverse, "PTR", tcp=tcp), "PTR") == [f"{fqdn}."]
        # Case-insensitive, the question's spelling echoed.
        mixed = ask(dns_server, fqdn.upper(), "A", tcp=tcp)
        assert values(mixed, "A") == [cluster_ip]
        assert mixed.answer[0].name.to_text() == fqdn.upper() + "."
        # Unknown names are NXDOMAIN.
        assert is_nxdomain(ask(dns_server, f"nope-{name}.{namespace}.svc.{ZONE}", "A", tcp=tcp))

    core.delete_namespaced_service(name, namespace)
    poll(f"NXDOMAIN for deleted {fqdn}", lambda: is_nxdomain(ask(dns_server, fqdn, "A")))


def test_external_name_is_a_cname(core, namespace, dns_server):
    name = unique("alias")
    target = unique("web")
    core.create_namespaced_service(namespace, client.V1Service(
        metadata=client.V1ObjectMeta(name=name),
        spec=client.V1ServiceSpec(type="ExternalName", external_name=f"{target}.example.test"),
    ))
    fqdn = f"{name}.{namespace}.svc.{ZONE}"
    poll(f"CNAME of {fqdn}", lambda: values(ask(dns_server, fqdn, "CNAME"), "CNAME") == [f"{target}.example.test."])
    for tcp in (False, True):
        response = ask(dns_server, fqdn, "A", tcp=tcp)
        assert response.flags & dns.flags.AA
        assert values(response, "CNAME") == [f"{target}.example.test."]


def test_headless_service_per_endpoint_and_per_hostname(core, namespace, dns_server):
    name = unique("db")
    labels = {"app": name}
    core.create_namespaced_service(namespace, service(name, [("pg", 5432, "TCP")], selector=labels, cluster_ip="None"))
    for index in range(2):
        core.create_namespaced_pod(namespace, pod(f"{name}-{index}", labels, hostname=f"{name}-{index}", subdomain=name))
    ips = poll("2 ready pods", lambda: pod_ips(core, namespace, f"app={name}", 2), timeout=60)
    fqdn = f"{name}.{namespace}.svc.{ZONE}"
    poll(f"A records of {fqdn}", lambda: values(ask(dns_server, fqdn, "A"), "A") == ips)
    by_ip = {p.status.pod_ip: p.spec.hostname for p in core.list_namespaced_pod(namespace, label_selector=f"app={name}").items}
    for tcp in (False, True):
        assert values(ask(dns_server, fqdn, "A", tcp=tcp), "A") == ips
        assert is_nodata(ask(dns_server, fqdn, "AAAA", tcp=tcp))
        for ip, hostname in by_ip.items():
            # <hostname>.<svc>.<ns>.svc.<zone> from the pod's spec.hostname under spec.subdomain.
            assert values(ask(dns_server, f"{hostname}.{fqdn}", "A", tcp=tcp), "A") == [ip]
            # The endpoint's PTR names it.
            assert values(ask(dns_server, dns.reversename.from_address(ip), "PTR", tcp=tcp), "PTR") == [f"{hostname}.{fqdn}."]
        srv = ask(dns_server, f"_pg._tcp.{fqdn}", "SRV", tcp=tcp)
        assert values(srv, "SRV") == sorted(f"0 100 5432 {hostname}.{fqdn}." for hostname in by_ip.values())
        additional = sorted(rdata.to_text() for rrset in srv.additional for rdata in rrset)
        assert additional == ips


def test_headless_service_without_ready_endpoints_is_nxdomain(core, discovery, namespace, dns_server):
    name = unique("lonely")
    labels = {"app": name}
    core.create_namespaced_service(namespace, service(name, [("pg", 5432, "TCP")], selector=labels, cluster_ip="None"))
    core.create_namespaced_pod(namespace, pod(f"{name}-0", labels, never_ready=True))
    ip = poll("a running, not ready pod", lambda: pod_ips(core, namespace, f"app={name}", 1, ready=False), timeout=60)[0]

    def not_ready_in_slice():
        slices = discovery.list_namespaced_endpoint_slice(namespace, label_selector=f"kubernetes.io/service-name={name}").items
        endpoints = [e for s in slices for e in (s.endpoints or [])]
        return [e for e in endpoints if ip in e.addresses and e.conditions and e.conditions.ready is False]

    poll("the not-ready endpoint in the EndpointSlice", not_ready_in_slice)
    fqdn = f"{name}.{namespace}.svc.{ZONE}"
    for tcp in (False, True):
        assert is_nxdomain(ask(dns_server, fqdn, "A", tcp=tcp))
        assert is_nxdomain(ask(dns_server, f"_pg._tcp.{fqdn}", "SRV", tcp=tcp))
        assert is_nxdomain(ask(dns_server, f"{ip.replace('.', '-')}.{fqdn}", "A", tcp=tcp))

    # publishNotReadyAddresses: the same endpoint is served although not ready.
    core.patch_namespaced_service(name, namespace, {"spec": {"publishNotReadyAddresses": True}})
    poll(f"A record of {fqdn} with publishNotReadyAddresses", lambda: values(ask(dns_server, fqdn, "A"), "A") == [ip])


def test_truncation_over_udp_and_the_whole_answer_over_tcp(core, discovery, namespace, dns_server):
    name = unique("many")
    core.create_namespaced_service(namespace, service(name, [("pg", 5432, "TCP")], cluster_ip="None"))
    # A selector-less service with its own EndpointSlice, as users write them for outside endpoints.
    addresses = [f"127.244.250.{index}" for index in range(1, 61)]
    discovery.create_namespaced_endpoint_slice(namespace, client.V1EndpointSlice(
        metadata=client.V1ObjectMeta(name=f"{name}-manual", labels={
            "kubernetes.io/service-name": name, "endpointslice.kubernetes.io/managed-by": "pytest.keelson.dev",
        }),
        address_type="IPv4",
        endpoints=[client.V1Endpoint(addresses=[address], conditions=client.V1EndpointConditions(ready=True)) for address in addresses],
        ports=[client.DiscoveryV1EndpointPort(name="pg", port=5432, protocol="TCP")],
    ))
    fqdn = f"{name}.{namespace}.svc.{ZONE}"
    expected = sorted(addresses)
    poll(f"60 A records of {fqdn} over TCP", lambda: values(ask(dns_server, fqdn, "A", tcp=True), "A") == expected)

    # Without EDNS and with a 512-byte EDNS buffer: TC, no records.
    for payload in (None, 512):
        truncated = ask(dns_server, fqdn, "A", payload=payload)
        assert truncated.flags & dns.flags.TC, payload
        assert not truncated.answer
    # The EDNS OPT record is answered with one.
    assert ask(dns_server, fqdn, "A", payload=512).edns == 0
    # A client offering 4096 bytes gets all 60 (they fit the server's 1232-byte limit).
    large = ask(dns_server, fqdn, "A", payload=4096)
    assert not large.flags & dns.flags.TC and values(large, "A") == expected
    assert large.payload == 1232
    # The SRV answer with its targets does not fit over UDP; over TCP it comes whole.
    srv_tcp = ask(dns_server, f"_pg._tcp.{fqdn}", "SRV", tcp=True)
    assert len(values(srv_tcp, "SRV")) == 60
    assert sorted(rdata.to_text() for rrset in srv_tcp.additional for rdata in rrset) == expected
    srv_udp = ask(dns_server, f"_pg._tcp.{fqdn}", "SRV", payload=1232)
    assert srv_udp.flags & dns.flags.TC
    # The plain TCP answer for A.
    whole = ask(dns_server, fqdn, "A", tcp=True)
    assert not whole.flags & dns.flags.TC and values(whole, "A") == expected
