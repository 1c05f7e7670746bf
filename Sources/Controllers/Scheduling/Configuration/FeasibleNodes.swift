/// Kubernetes' rule for how many feasible nodes to find before the search stops and scoring
/// starts (`numFeasibleNodesToFind` in kube-scheduler's schedule_one.go).
extension SchedulerConfiguration {
    /// Fewer nodes than this are always searched in full, and the rule never yields fewer.
    public static let minFeasibleNodesToFind = 100
    /// The adaptive percentage never drops below this.
    public static let minFeasibleNodesPercentageToFind = 5

    /// How many feasible nodes to find among `nodeCount` with `percentage` of nodes to score:
    /// every node below 100 nodes; otherwise `nodeCount * percentage / 100` (so 100 or more means
    /// every node), where a nil or 0 percentage is the adaptive `50 - nodeCount / 125` with a floor
    /// of 5; never fewer than 100. 5,000 nodes → 10% → 500; 50,000 → 5% → 2,500; 150 → 49% → 100.
    public static func numFeasibleNodesToFind(percentage: Int?, nodeCount: Int) -> Int {
        if nodeCount < minFeasibleNodesToFind { return nodeCount }
        var percentage = percentage ?? 0
        if percentage == 0 {
            percentage = max(50 - nodeCount / 125, minFeasibleNodesPercentageToFind)
        }
        if percentage >= 100 { return nodeCount }
        return max(nodeCount * percentage / 100, minFeasibleNodesToFind)
    }

    /// The rule for `profile`: its own percentage when set (0 included), else the configuration's.
    public func numFeasibleNodesToFind(for profile: SchedulerProfile, nodeCount: Int) -> Int {
        Self.numFeasibleNodesToFind(percentage: profile.percentageOfNodesToScore ?? percentageOfNodesToScore, nodeCount: nodeCount)
    }
}
