import Kernel
import Logging

/// Registers the node with the API: creates its Node or, when one exists (a restarted kubelet),
/// brings labels and pod CIDR up to date while leaving taints to whoever manages them.
struct NodeRegistration: Sendable {
    let spec: NodeSpecification
    let client: any ObjectClient
    let logger: Logger

    /// Registers, retrying every `retry` until it succeeds or the task is cancelled.
    /// Returns whether the Node was newly created.
    func register(retry: Duration) async -> Bool? {
        while !Task.isCancelled {
            do {
                return try await registerOnce()
            } catch {
                logger.warning("unable to register node with the API server", metadata: ["node": "\(spec.name)", "error": "\(error)"])
                try? await Task.sleep(for: retry)
            }
        }
        return nil
    }

    private func registerOnce() async throws -> Bool {
        do {
            _ = try await client.create(.nodes, namespace: "", object: spec.registrationObject())
            logger.info("registered node", metadata: ["node": "\(spec.name)"])
            return true
        } catch let error as APIError where error.reason == "AlreadyExists" {
            for _ in 0..<5 {
                let existing = try await client.get(.nodes, namespace: "", name: spec.name)
                let reconciled = spec.reconcile(existing)
                if reconciled == existing { return false }
                do {
                    _ = try await client.update(.nodes, namespace: "", object: reconciled)
                    return false
                } catch let error as APIError where error.reason == "Conflict" {
                    continue
                }
            }
            throw APIError.conflict(.nodes, spec.name)
        }
    }
}
