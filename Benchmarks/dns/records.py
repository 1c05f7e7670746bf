#!/usr/bin/env python3
"""Helpers of Benchmarks/dns/run (standard library only).

  records.py objects N NAMESPACE          the kubectl List (JSON) of N Services: every 10th is
                                          headless with a hand-written EndpointSlice of 3 ready
                                          endpoints (hostnames h0..h2); the others are ClusterIP
                                          services with the named ports http 80/TCP and
                                          metrics 9090/TCP (no selector: DNS needs none)
  records.py zone ZONE TTL DIR API.json   writes DIR/cluster.zone and DIR/reverse.zone (BIND zone
                                          files) with the records the Kubernetes DNS
                                          specification gives the Services and EndpointSlices in
                                          API.json (`kubectl get svc,endpointslices -o json`),
                                          the same records the add-on serves
  records.py queries ZONE API.json        the dnsperf query file (one "NAME TYPE" a line) mixing
                                          every kind of question, shuffled with a fixed seed
"""

import ipaddress
import json
import random
import sys

SERVICE_NAME_LABEL = "kubernetes.io/service-name"


def objects(count, namespace):
    items = [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}}]
    for index in range(count):
        name = f"svc-{index:05d}"
        if index % 10 == 9:
            items.append({
                "apiVersion": "v1", "kind": "Service",
                "metadata": {"name": name, "namespace": namespace},
                "spec": {"clusterIP": "None", "ports": [{"name": "pg", "port": 5432, "protocol": "TCP"}]},
            })
            third, fourth = divmod(index, 250)
            items.append({
                "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                "metadata": {"name": f"{name}-bench", "namespace": namespace,
                             "labels": {SERVICE_NAME_LABEL: name, "endpointslice.kubernetes.io/managed-by": "bench.keelson.dev"}},
                "addressType": "IPv4",
                "endpoints": [
                    {"addresses": [f"127.245.{third * 3 + k}.{fourth + 1}"], "hostname": f"h{k}", "conditions": {"ready": True}}
                    for k in range(3)
                ],
                "ports": [{"name": "pg", "port": 5432, "protocol": "TCP"}],
            })
        else:
            items.append({
                "apiVersion": "v1", "kind": "Service",
                "metadata": {"name": name, "namespace": namespace},
                "spec": {"ports": [{"name": "http", "port": 80, "protocol": "TCP"},
                                   {"name": "metrics", "port": 9090, "protocol": "TCP"}]},
            })
    json.dump({"apiVersion": "v1", "kind": "List", "items": items}, sys.stdout)


def services(api):
    """(namespace, name, kind, data) per Service: kind "clusterip" with its IPs and ports, or
    "headless" with [(hostname, ip)] of ready endpoints and the slices' ports."""
    items = api["items"]
    slices = {}
    for item in items:
        if item.get("kind") != "EndpointSlice":
            continue
        meta = item["metadata"]
        owner = (meta.get("namespace", "default"), (meta.get("labels") or {}).get(SERVICE_NAME_LABEL))
        if owner[1]:
            slices.setdefault(owner, []).append(item)
    result = []
    for item in items:
        if item.get("kind") != "Service":
            continue
        meta, spec = item["metadata"], item.get("spec", {})
        key = (meta.get("namespace", "default"), meta["name"])
        if spec.get("clusterIP") == "None":
            endpoints, ports = [], []
            for s in sorted(slices.get(key, []), key=lambda s: s["metadata"]["name"]):
                ports += [p for p in s.get("ports") or [] if p.get("name")]
                for endpoint in s.get("endpoints") or []:
                    if (endpoint.get("conditions") or {}).get("ready", True) or spec.get("publishNotReadyAddresses"):
                        for address in endpoint.get("addresses") or []:
                            label = endpoint.get("hostname") or address.replace(".", "-").replace(":", "-")
                            endpoints.append((label, address))
            result.append((key[0], key[1], "headless", (endpoints, ports)))
        elif spec.get("type") != "ExternalName":
            ips = [ip for ip in spec.get("clusterIPs") or [spec.get("clusterIP")] if ip and ip != "None"]
            result.append((key[0], key[1], "clusterip", (ips, [p for p in spec.get("ports") or [] if p.get("name")])))
    return result


def address_record(ip):
    return "AAAA" if ipaddress.ip_address(ip).version == 6 else "A"


def zone(zone_name, ttl, directory, api):
    ttl = int(ttl)
    lines = [
        f"$ORIGIN {zone_name}.",
        f"$TTL {ttl}",
        f"@ IN SOA ns.dns.{zone_name}. hostmaster.{zone_name}. 1 7200 1800 86400 {ttl}",
        f"@ IN NS ns.dns.{zone_name}.",
        "ns.dns IN A 127.0.0.1",
        'dns-version IN TXT "1.1.0"',
    ]
    reverse = [
        "$ORIGIN 127.in-addr.arpa.",
        f"$TTL {ttl}",
        f"@ IN SOA ns.dns.{zone_name}. hostmaster.{zone_name}. 1 7200 1800 86400 {ttl}",
        f"@ IN NS ns.dns.{zone_name}.",
    ]

    def ptr(ip, target):
        octets = ip.split(".")
        reverse.append(f"{octets[3]}.{octets[2]}.{octets[1]} IN PTR {target}")

    for namespace, name, kind, data in services(api):
        owner = f"{name}.{namespace}.svc"
        fqdn = f"{owner}.{zone_name}."
        if kind == "clusterip":
            ips, ports = data
            for ip in ips:
                lines.append(f"{owner} IN {address_record(ip)} {ip}")
                ptr(ip, fqdn)
            for port in ports:
                lines.append(f"_{port['name']}._{port.get('protocol', 'TCP').lower()}.{owner} IN SRV 0 100 {port['port']} {fqdn}")
        else:
            endpoints, ports = data
            for label, ip in endpoints:
                lines.append(f"{owner} IN {address_record(ip)} {ip}")
                lines.append(f"{label}.{owner} IN {address_record(ip)} {ip}")
                ptr(ip, f"{label}.{fqdn}")
                for port in ports:
                    lines.append(f"_{port['name']}._{port.get('protocol', 'TCP').lower()}.{owner} IN SRV 0 100 {port['port']} {label}.{fqdn}")
    with open(f"{directory}/cluster.zone", "w") as out:
        out.write("\n".join(lines) + "\n")
    with open(f"{directory}/reverse.zone", "w") as out:
        out.write("\n".join(reverse) + "\n")


def queries(zone_name, api):
    questions = [(f"dns-version.{zone_name}", "TXT")]
    for namespace, name, kind, data in services(api):
        fqdn = f"{name}.{namespace}.svc.{zone_name}"
        if kind == "clusterip":
            ips, ports = data
            questions.append((fqdn, "A"))
            if ports:
                questions.append((f"_{ports[0]['name']}._tcp.{fqdn}", "SRV"))
            if name.endswith(("0", "5")):
                questions.append((fqdn, "AAAA"))                            # NODATA
                questions.append((f"missing-{name}.{namespace}.svc.{zone_name}", "A"))  # NXDOMAIN
                if ips:
                    octets = ips[0].split(".")
                    questions.append((".".join(reversed(octets)) + ".in-addr.arpa", "PTR"))
        else:
            endpoints, ports = data
            questions.append((fqdn, "A"))
            if endpoints:
                questions.append((f"{endpoints[0][0]}.{fqdn}", "A"))
            if ports:
                questions.append((f"_{ports[0]['name']}._tcp.{fqdn}", "SRV"))
    random.Random(1).shuffle(questions)
    for name, rdtype in questions:
        print(name, rdtype)


def main():
    command = sys.argv[1]
    if command == "objects":
        objects(int(sys.argv[2]), sys.argv[3])
    elif command == "zone":
        with open(sys.argv[5]) as source:
            zone(sys.argv[2], sys.argv[3], sys.argv[4], json.load(source))
    elif command == "queries":
        with open(sys.argv[3]) as source:
            queries(sys.argv[2], json.load(source))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
