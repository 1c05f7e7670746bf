import Kernel

/// The Filter extension point: each plugin called once per chunk of still-feasible nodes, in
/// profile order (a node's first rejection wins), with Kubernetes' node sampling — the search
/// starts where the previous one stopped and ends once `numFeasibleNodesToFind` nodes fit.
extension FrameworkLoop {
    /// The smallest chunk filtered at once when more feasible nodes are needed.
    static let minimumFilterChunk = 64

    /// Filters `candidates` into `scratch.feasible` (and the rejections), stopping after
    /// `numToFind` feasible nodes; returns an error message when a plugin failed. With
    /// `rotate`, the walk starts at and advances `nextStartNodeIndex`. (The scratch buffers are
    /// passed in, taken out of the loop, so the bundle call can write into them in place.)
    func runFilters(
        _ attempt: FrameworkAttempt, candidates: [UInt32], skipping: Set<String>, numToFind: Int, rotate: Bool,
        scratch: inout FrameworkFilterScratch
    ) -> (error: String?, plugins: [FrameworkPluginRef]) {
        let plugins = attempt.profile.at(.filter).filter { !skipping.contains($0.name) }
        let count = candidates.count
        guard count > 0 else { return (nil, plugins) }
        let start = rotate ? nextStartNodeIndex % count : 0
        var processed = 0
        while processed < count && scratch.feasible.count < numToFind {
            let size = min(count - processed, max(numToFind - scratch.feasible.count, Self.minimumFilterChunk))
            scratch.chunk.removeAll(keepingCapacity: true)
            // The next `size` candidates from the rotated start, as at most two slices.
            let first = (start + processed) % count
            let head = min(size, count - first)
            scratch.chunk.append(contentsOf: candidates[first..<(first + head)])
            if head < size { scratch.chunk.append(contentsOf: candidates[0..<(size - head)]) }
            processed += size
            for (pluginIndex, ref) in plugins.enumerated() {
                if scratch.chunk.isEmpty { break }
                if let error = filterChunk(attempt, ref, pluginIndex: pluginIndex, scratch: &scratch) { return (error, plugins) }
            }
            scratch.feasible.append(contentsOf: scratch.chunk)
        }
        if scratch.feasible.count > numToFind { scratch.feasible.removeLast(scratch.feasible.count - numToFind) }
        if rotate { nextStartNodeIndex = (start + scratch.feasible.count + scratch.rejectedNodes.count) % count }
        return (nil, plugins)
    }

    /// One Filter call over the chunk: keeps the nodes that pass, records the rejected ones.
    private func filterChunk(
        _ attempt: FrameworkAttempt, _ ref: FrameworkPluginRef, pluginIndex: Int, scratch: inout FrameworkFilterScratch
    ) -> String? {
        guard let cycle = attempt.cycles[ref.bundle] else { return "no cycle for plugin \(ref.name)" }
        let size = scratch.chunk.count
        scratch.codes.removeAll(keepingCapacity: true)
        scratch.codes.append(contentsOf: repeatElement(0, count: size))
        scratch.reasonIndices.removeAll(keepingCapacity: true)
        scratch.reasonIndices.append(contentsOf: repeatElement(-1, count: size))
        let lists: [[String]]
        do {
            lists = try bundles[ref.bundle].filter(
                ref.handle, cycle: cycle, nodes: scratch.chunk, codes: &scratch.codes, reasonIndices: &scratch.reasonIndices)
        } catch {
            return "running \"\(ref.name)\" filter plugin: \(error)"
        }
        // Every node passed (the usual answer): the chunk stays as it is.
        if lists.isEmpty && Self.allZero(scratch.codes) { return nil }
        let base = Int32(scratch.reasonTable.count)
        scratch.reasonTable.append(contentsOf: lists)
        var kept = 0
        for position in 0..<size {
            let code = FrameworkCode(abiValue: scratch.codes[position])
            let reasonIndex = scratch.reasonIndices[position]
            let validReason = reasonIndex >= 0 && Int(reasonIndex) < lists.count
            if code.isRejection {
                scratch.rejectedNodes.append(scratch.chunk[position])
                scratch.rejectedCodes.append(code.rawValue)
                scratch.rejectedReasons.append(validReason ? base + reasonIndex : -1)
                scratch.rejectedPlugins.append(Int32(pluginIndex))
            } else if code == .error {
                let reasons = validReason ? lists[Int(reasonIndex)].joined(separator: ", ") : "filter error"
                return "running \"\(ref.name)\" filter plugin: \(reasons)"
            } else {
                scratch.chunk[kept] = scratch.chunk[position]
                kept += 1
            }
        }
        scratch.chunk.removeLast(size - kept)
        return nil
    }

    /// Whether every code is 0 (Success), read eight at a time.
    static func allZero(_ codes: [UInt8]) -> Bool {
        codes.withUnsafeBytes { bytes in
            let words = bytes.count / 8
            var combined: UInt64 = 0
            for word in 0..<words { combined |= bytes.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self) }
            for offset in (words * 8)..<bytes.count { combined |= UInt64(bytes[offset]) }
            return combined == 0
        }
    }
}
