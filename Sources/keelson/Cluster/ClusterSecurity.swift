import APIServer
import Foundation
import Kernel

/// What `keelson up` secures the API server with: the PKI under `<dataDir>/pki/` (CA, serving
/// certificate, ServiceAccount signing key, admin token), bearer-token authentication and the
/// abuse limits from the config. TLS unless the config says `apiServer.plainHTTP: true`;
/// authentication is on either way.
struct ClusterSecurity {
    /// The loaded or newly made certificates, keys and admin token.
    let pki: ClusterPKI
    /// TLS with the serving certificate, or plain HTTP when configured.
    let transport: APIHTTPServer.Transport
    /// The admin token and ServiceAccount tokens.
    let authenticator: Authenticator
    /// In-flight limits and the request deadline.
    let limits: APIServerLimits

    /// Loads (or creates) the PKI for `config` and builds the server's security settings.
    init(config: ClusterConfig, dataDir: String, api: ClusterAPI) throws {
        let identity = ServingIdentity(host: config.apiServer.host, serviceCIDR: config.network.serviceCIDR)
        let directory = URL(fileURLWithPath: dataDir).appendingPathComponent("pki").path
        pki = try ClusterPKI.loadOrCreate(directory: directory, identity: identity)
        transport = config.apiServer.plainHTTP
            ? .plainHTTP
            : .tls(certificateChainPEM: pki.servingCertificateChainPEM, privateKeyPEM: pki.servingKeyPEM)
        authenticator = Authenticator(adminToken: pki.adminToken, serviceAccounts: ServiceAccountTokens(api: api, key: pki.serviceAccountKey))
        limits = APIServerLimits(maxRequestsInFlight: config.apiServer.maxRequestsInFlight,
                                 maxMutatingRequestsInFlight: config.apiServer.maxMutatingRequestsInFlight)
    }
}
