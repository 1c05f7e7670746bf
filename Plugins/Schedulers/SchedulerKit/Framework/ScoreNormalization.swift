/// kube-scheduler's default score normalization: scale the scores so the highest becomes
/// `maxScore` (all zero stays zero), optionally reversed so the lowest raw score wins.
enum ScoreNormalization {
    /// Scales `scores` to 0...`maxScore` in place; with `reverse`, a score s becomes
    /// maxScore - s after scaling.
    static func defaultNormalize(_ scores: inout [Int64], maxScore: Int64 = NodeScore.max, reverse: Bool) {
        let highest = scores.max() ?? 0
        if highest == 0 {
            if reverse { for index in scores.indices { scores[index] = maxScore } }
            return
        }
        for index in scores.indices {
            var value = maxScore * scores[index] / highest
            if reverse { value = maxScore - value }
            scores[index] = value
        }
    }
}
