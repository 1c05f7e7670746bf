import Foundation

/// The node scores of NodeResourcesFit's scoring strategies and of BalancedAllocation, over
/// parallel lists of what would be requested on a node (the pod included) and what it can
/// allocate, one entry per configured resource; resources with nothing allocatable are left out.
enum ScoringFunctions {
    /// The top of a RequestedToCapacityRatio shape's score scale (scaled up to `NodeScore.max`).
    static let maxCustomPriorityScore: Int64 = 10
    /// Utilization is measured in percent.
    static let maxUtilization: Int64 = 100

    /// LeastAllocated: per resource (capacity − requested) × 100 / capacity (0 when over
    /// capacity), averaged with the resources' weights.
    static func leastAllocated(_ weights: [Int64]) -> ([Int64], [Int64]) -> Int64 {
        { requested, allocatable in
            ScoringFunctions.weightedAverage(weights, requested, allocatable) { requested, capacity in
                requested > capacity ? 0 : (capacity - requested) * NodeScore.max / capacity
            }
        }
    }

    /// MostAllocated: per resource requested × 100 / capacity (requested capped at capacity),
    /// averaged with the resources' weights.
    static func mostAllocated(_ weights: [Int64]) -> ([Int64], [Int64]) -> Int64 {
        { requested, allocatable in
            ScoringFunctions.weightedAverage(weights, requested, allocatable) { requested, capacity in
                min(requested, capacity) * NodeScore.max / capacity
            }
        }
    }

    /// RequestedToCapacityRatio: per resource, the shape's piecewise linear function of the
    /// utilization percentage (100 when over capacity), the shape's 0...10 scores scaled to
    /// 0...100; resources scoring 0 are left out of the weighted average, which is rounded.
    static func requestedToCapacityRatio(_ weights: [Int64], shape: [NodeResourcesFitArgs.ShapePoint]) -> ([Int64], [Int64]) -> Int64 {
        let scale = NodeScore.max / maxCustomPriorityScore
        let points = shape.map { (utilization: $0.utilization, score: $0.score * scale) }
        let function = { (utilization: Int64) -> Int64 in ScoringFunctions.brokenLinear(points, utilization) }
        return { requested, allocatable in
            var total: Int64 = 0
            var weightSum: Int64 = 0
            for index in requested.indices where allocatable[index] != 0 {
                let capacity = allocatable[index]
                let value = requested[index] > capacity
                    ? function(ScoringFunctions.maxUtilization) : function(requested[index] * ScoringFunctions.maxUtilization / capacity)
                if value > 0 {
                    total += value * weights[index]
                    weightSum += weights[index]
                }
            }
            return weightSum == 0 ? 0 : Int64((Double(total) / Double(weightSum)).rounded())
        }
    }

    /// BalancedAllocation: 100 × (1 − the standard deviation of the requested fractions, each
    /// capped at 1); with two resources the deviation is half their difference.
    static func balanced(_ requested: [Int64], _ allocatable: [Int64]) -> Int64 {
        var fractions: [Double] = []
        for index in requested.indices where allocatable[index] != 0 {
            fractions.append(min(1, Double(requested[index]) / Double(allocatable[index])))
        }
        var deviation = 0.0
        if fractions.count == 2 {
            deviation = abs((fractions[0] - fractions[1]) / 2)
        } else if fractions.count > 2 {
            let mean = fractions.reduce(0, +) / Double(fractions.count)
            let variance = fractions.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(fractions.count)
            deviation = variance.squareRoot()
        }
        return Int64((1 - deviation) * Double(NodeScore.max))
    }

    /// The piecewise linear function through `points` (sorted by utilization): flat before the
    /// first point and after the last, integer interpolation between.
    static func brokenLinear(_ points: [(utilization: Int64, score: Int64)], _ utilization: Int64) -> Int64 {
        for index in points.indices where utilization <= points[index].utilization {
            if index == 0 { return points[0].score }
            let (low, high) = (points[index - 1], points[index])
            return low.score + (high.score - low.score) * (utilization - low.utilization) / (high.utilization - low.utilization)
        }
        return points.last?.score ?? 0
    }

    /// The weighted average of `perResource` over resources with something allocatable
    /// (integer division, 0 when none).
    private static func weightedAverage(
        _ weights: [Int64], _ requested: [Int64], _ allocatable: [Int64], _ perResource: (Int64, Int64) -> Int64
    ) -> Int64 {
        var total: Int64 = 0
        var weightSum: Int64 = 0
        for index in requested.indices where allocatable[index] != 0 {
            total += perResource(requested[index], allocatable[index]) * weights[index]
            weightSum += weights[index]
        }
        return weightSum == 0 ? 0 : total / weightSum
    }
}
