import Foundation
import Testing

extension EndToEnd {
/// ServiceAccount tokens end to end with the `process` runtime: a pod in a new namespace gets
/// the `default` ServiceAccount and the projected `kube-api-access` volume, reads its token, CA
/// and namespace at /var/run/secrets/kubernetes.io/serviceaccount, and reaches the API server
/// through `KUBERNETES_SERVICE_HOST` over verified TLS, which takes it for
/// `system:serviceaccount:<namespace>:default`. A pod that opts out has no token.
@Suite("ServiceAccount tokens end to end", .serialized)
struct ServiceAccountTokenEndToEndTests {
    private static let hasKubectl = FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")

    /// A pod that asks the API server who it is, with the token mounted into it.
    static func whoami(_ name: String, automount: Bool = true) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: \(name), namespace: team}
        spec:
          restartPolicy: Never
          automountServiceAccountToken: \(automount)
          containers:
          - name: main
            image: python:3.12
            command: ["python3", "-c"]
            args:
            - |
              import json, os, ssl, urllib.request
              d = "/var/run/secrets/kubernetes.io/serviceaccount"
              if not os.path.exists(d + "/token"):
                  print("no token"); raise SystemExit(0)
              token, namespace = open(d + "/token").read(), open(d + "/namespace").read()
              context = ssl.create_default_context(cafile=d + "/ca.crt")
              url = "https://%s:%s/apis/authentication.k8s.io/v1/selfsubjectreviews" % (os.environ["KUBERNETES_SERVICE_HOST"], os.environ["KUBERNETES_SERVICE_PORT"])
              body = json.dumps({"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"}).encode()
              request = urllib.request.Request(url, data=body, method="POST", headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
              print(namespace, json.load(urllib.request.urlopen(request, context=context))["status"]["userInfo"]["username"])
        """
    }

    @Test(.enabled(if: hasKubectl)) func aPodReachesTheAPIServerWithItsMountedToken() async throws {
        let octet = Int.random(in: 100...199)
        let session = try await KubectlSession.start(extraConfig: """
            network: {podCIDR: 127.\(octet).0.0/16, serviceCIDR: 127.\(octet + 1 > 199 ? 100 : octet + 1).0.0/16}
            nodePools: [{name: proc, count: 1, runtime: {plugin: process}}]
            """)
        defer { session.stop() }
        try await session.expectSuccess(["create", "namespace", "team"])
        try await EndToEnd.waitFor("the team namespace's default ServiceAccount") {
            try await session.kubectl(["get", "sa", "default", "-n", "team"]).status == 0
        }
        try await session.expectSuccess(["apply", "-f", try session.file("whoami.yaml", Self.whoami("whoami"))])
        try await session.expectSuccess(["apply", "-f", try session.file("opted-out.yaml", Self.whoami("opted-out", automount: false))])
        let volumes = try await session.expectSuccess(["get", "pod", "whoami", "-n", "team", "-o", "jsonpath={.spec.serviceAccountName} {.spec.volumes[0].name} {.spec.containers[0].volumeMounts[0].mountPath}"])
        #expect(volumes.hasPrefix("default kube-api-access-"), "\(volumes)")
        #expect(volumes.hasSuffix(" /var/run/secrets/kubernetes.io/serviceaccount"), "\(volumes)")

        for pod in ["whoami", "opted-out"] {
            try await EndToEnd.waitFor("\(pod) to finish") {
                let phase = try await session.kubectl(["get", "pod", pod, "-n", "team", "-o", "jsonpath={.status.phase}"]).output
                return phase == "Succeeded" || phase == "Failed"
            }
        }
        let answer = try await session.expectSuccess(["logs", "whoami", "-n", "team"])
        #expect(answer.contains("team system:serviceaccount:team:default"), "\(answer)")
        let optedOut = try await session.expectSuccess(["logs", "opted-out", "-n", "team"])
        #expect(optedOut.contains("no token"), "\(optedOut)")
    }
}
}
