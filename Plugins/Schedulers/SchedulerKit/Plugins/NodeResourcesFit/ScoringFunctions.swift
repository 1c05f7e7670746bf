import Foundation

/// The node scores of NodeResourcesFit's scoring strategies and of BalancedAllocation, over
/// parallel lists of what would be requested on a node (the pod included) and what it can
/// allocate, one entry per configured resource; resources with nothing allocatable are left out.
/// The lists are buffers the caller reuses from node to node (nothing is allocated per node).
enum ScoringFunctions {
    /// A scoring function over (requested, allocatable).
    typealias Function = (UnsafeMutableBufferPointer<Int64>, UnsafeMutableBufferPointer<Int64>) -> Int64

    /// The top of a RequestedToCapacityRatio shape's score scale (scaled up to `NodeScore.max`).
    static let maxCustomPriorityScore: Int64 = 10
    /// Utilization is measured in percent.
    static let maxUtilization: Int64 = 100

    /// A strategy's function, named so that a batch can pick its loop once rather than call
    /// through a closure per node.
    enum Formula {
        /// LeastAllocated with the resources' weights.
        case leastAllocated([Int64])
        /// MostAllocated with the resources' weights.
        case mostAllocated([Int64])
        /// RequestedToCapacityRatio (any function over the lists).
        case custom(Function)
        /// BalancedAllocation.
        case balanced

        /// The formula as a function over the lists.
        var function: Function {
            switch self {
            case .leastAllocated(let weights): { ScoringFunctions.leastAllocated(weights, $0, $1) }
            case .mostAllocated(let weights): { ScoringFunctions.mostAllocated(weights, $0, $1) }
            case .custom(let function): function
            case .balanced: ScoringFunctions.balanced
            }
        }
    }

    /// LeastAllocated: per resource (capacity − requested) × 100 / capacity (0 when over
    /// capacity), averaged with the resources' weights.
    @inline(__always)
    static func leastAllocated(_ weights: [Int64], _ requested: UnsafeMutableBufferPointer<Int64>, _ allocatable: UnsafeMutableBufferPointer<Int64>) -> Int64 {
        weightedAverage(weights, requested, allocatable) { requested, capacity in
            requested > capacity ? 0 : quotient((capacity - requested) * NodeScore.max, capacity)
        }
    }

    /// MostAllocated: per resource requested × 100 / capacity (requested capped at capacity),
    /// averaged with the resources' weights.
    @inline(__always)
    static func mostAllocated(_ weights: [Int64], _ requested: UnsafeMutableBufferPointer<Int64>, _ allocatable: UnsafeMutableBufferPointer<Int64>) -> Int64 {
        weightedAverage(weights, requested, allocatable) { requested, capacity in
            quotient(min(requested, capacity) * NodeScore.max, capacity)
        }
    }

    /// RequestedToCapacityRatio: per resource, the shape's piecewise linear function of the
    /// utilization percentage (100 when over capacity), the shape's 0...10 scores scaled to
    /// 0...100; resources scoring 0 are left out of the weighted average, which is rounded.
    static func requestedToCapacityRatio(_ weights: [Int64], shape: [NodeResourcesFitArgs.ShapePoint]) -> Function {
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
    @inline(__always)
    static func balanced(_ requested: UnsafeMutableBufferPointer<Int64>, _ allocatable: UnsafeMutableBufferPointer<Int64>) -> Int64 {
        func fraction(_ index: Int) -> Double { min(1, Double(requested[index]) / Double(allocatable[index])) }
        var count = 0
        var sum = 0.0
        var first = 0.0
        var second = 0.0
        for index in requested.indices where allocatable[index] != 0 {
            let value = fraction(index)
            if count == 0 { first = value } else if count == 1 { second = value }
            sum += value
            count += 1
        }
        var deviation = 0.0
        if count == 2 {
            deviation = abs((first - second) / 2)
        } else if count > 2 {
            let mean = sum / Double(count)
            var variance = 0.0
            for index in requested.indices where allocatable[index] != 0 {
                let difference = fraction(index) - mean
                variance += difference * difference
            }
            deviation = (variance / Double(count)).squareRoot()
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
    @inline(__always)
    private static func weightedAverage(
        _ weights: [Int64], _ requested: UnsafeMutableBufferPointer<Int64>, _ allocatable: UnsafeMutableBufferPointer<Int64>,
        _ perResource: (Int64, Int64) -> Int64
    ) -> Int64 {
        var total: Int64 = 0
        var weightSum: Int64 = 0
        for index in requested.indices where allocatable[index] != 0 {
            total += perResource(requested[index], allocatable[index]) * weights[index]
            weightSum += weights[index]
        }
        return weightSum == 0 ? 0 : quotient(total, weightSum)
    }

    /// ⌊numerator / denominator⌋ as Go's integer division computes it, through one
    /// floating-point division when 0 ≤ numerator < 2^53 and denominator > 0 (several times
    /// faster than a 64-bit integer division, and exact: both operands are exact doubles, the
    /// quotient's rounding error is below 1/denominator, and a quotient that is not an integer is
    /// at least 1/denominator away from the next one, so truncation never crosses it).
    @inline(__always)
    static func quotient(_ numerator: Int64, _ denominator: Int64) -> Int64 {
        guard numerator >= 0, numerator < 1 << 53, denominator > 0 else { return numerator / denominator }
        return Int64(Double(numerator) / Double(denominator))  // the conversion truncates
    }
}
