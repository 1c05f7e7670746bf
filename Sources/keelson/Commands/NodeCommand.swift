import ArgumentParser
import Foundation
import Kernel

/// `keelson node stop|start NAME`: simulates a node failure and its recovery. Stopping ends the
/// node's agent (its kubelet) as killing it would: heartbeats stop, so after the grace period
/// the node turns Ready=Unknown, is tainted unreachable, and its pods are evicted once their
/// tolerationSeconds pass. Starting runs a fresh agent, which posts status again and finishes
/// what changed meanwhile. The switch is the Node's `keelson.dev/agent: stopped` annotation,
/// which `keelson up` watches.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node", abstract: "Stop or start a simulated node's agent.",
        subcommands: [Stop.self, Start.self])

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a node's agent (its heartbeats stop, as after a crash).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Node name.") var name: String

        func run() async throws {
            try await NodeCommand.setAgent(of: name, stopped: true, options: options)
            print("node/\(name) agent stopped")
        }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a stopped node's agent again.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Node name.") var name: String

        func run() async throws {
            try await NodeCommand.setAgent(of: name, stopped: false, options: options)
            print("node/\(name) agent started")
        }
    }

    /// Sets or clears the annotation, re-reading the Node on a conflict.
    static func setAgent(of name: String, stopped: Bool, options: ClientOptions) async throws {
        let client = try options.client()
        for attempt in 1...5 {
            var node = try await client.get(.nodes, namespace: nil, name: name)
            let current = node[path: "metadata", "annotations", NodeAgents.annotation]?.stringValue
            if (current == NodeAgents.stopped) == stopped { return }
            node[path: "metadata", "annotations", NodeAgents.annotation] = stopped ? .string(NodeAgents.stopped) : nil
            do {
                _ = try await client.replace(.nodes, namespace: nil, name: name, object: node)
                return
            } catch let error as APIClient.Failure where error.code == 409 && attempt < 5 {
                continue
            }
        }
    }
}
