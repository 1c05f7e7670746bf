import Foundation

/// The command line: `--name value` pairs with defaults.
struct Settings: Sendable {
    var replicas = 1000
    var deployments = 1000
    var nodes = 100
    var agents = 4
    var creators = 8
    var store = "sqlite"
    var timeout = 600

    init(_ arguments: [String]) {
        var index = 0
        while index + 1 < arguments.count {
            let value = arguments[index + 1]
            switch arguments[index] {
            case "--replicas": replicas = Int(value) ?? replicas
            case "--deployments": deployments = Int(value) ?? deployments
            case "--nodes": nodes = max(1, Int(value) ?? nodes)
            case "--agents": agents = max(1, Int(value) ?? agents)
            case "--creators": creators = max(1, Int(value) ?? creators)
            case "--store": store = value
            case "--timeout": timeout = Int(value) ?? timeout
            default:
                FileHandle.standardError.write(Data("controller benchmark: unknown option \(arguments[index])\n".utf8))
                exit(2)
            }
            index += 2
        }
    }
}
