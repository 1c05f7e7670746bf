import Foundation

/// Runs the scenarios and prints one Markdown table: each figure, its rate, and the ratio to
/// the ceiling measured in the same run (bare pods created through the API and made Ready by the
/// same agents, which is what every pod a controller makes costs at least).
struct Report {
    let settings: Settings

    func run() async throws {
        let scenarios = Scenarios(settings: settings)
        progress("bare pods: \(settings.replicas)")
        let bare = try await scenarios.barePods()
        progress("deployment: \(settings.replicas) replicas")
        let (available, rollover) = try await scenarios.deployment()
        progress("deployments: \(settings.deployments) of one replica")
        let many = try await scenarios.manyDeployments()

        let pods = Double(settings.replicas)
        print("| Scenario | objects | seconds | objects/s | seconds ÷ ceiling |")
        print("|---|---|---|---|---|")
        row("Ceiling: \(settings.replicas) bare pods created (\(settings.creators) tasks) and Ready", settings.replicas, bare, bare)
        row("Deployment of \(settings.replicas) replicas: created → Available, all ready", settings.replicas, available, bare)
        // A rollover replaces every pod: as many creations plus as many deletions.
        row("Rollover of \(settings.replicas) replicas: new image → complete, old pods gone", settings.replicas, rollover, bare)
        row("\(settings.deployments) Deployments of 1 replica: created → all Available", settings.deployments, many,
            bare * Double(settings.deployments) / pods)
    }

    private func row(_ label: String, _ objects: Int, _ seconds: Double, _ ceiling: Double) {
        let rate = Double(objects) / seconds
        print("| \(label) | \(objects) | \(String(format: "%.2f", seconds)) | \(Int(rate.rounded())) | \(String(format: "%.2f", seconds / ceiling)) |")
    }

    private func progress(_ line: String) {
        FileHandle.standardError.write(Data("bench: \(line)\n".utf8))
    }
}
