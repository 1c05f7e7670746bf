import Foundation
@testable import SchedulerKit
import Testing

/// meta/v1 LabelSelector matching.
@Suite struct LabelSelectorMatchingTests {
    static func selector(_ json: String) throws -> LabelSelectorMatcher {
        try LabelSelectorMatcher(try JSONDecoder().decode(LabelSelector.self, from: Data(json.utf8)))
    }

    @Test func nilSelectsNothingAndEmptySelectsEverything() throws {
        #expect(!(try LabelSelectorMatcher(nil)).matches(["a": "b"]))
        let everything = try Self.selector("{}")
        #expect(everything.matches([:]) && everything.isEmpty && !everything.hasRequirements)
        #expect(!LabelSelectorMatcher.nothing.isEmpty)
    }

    @Test func operatorsMatchAsKubernetesDoes() throws {
        let selector = try Self.selector(#"""
            {"matchLabels":{"app":"web"},"matchExpressions":[
             {"key":"tier","operator":"In","values":["front","edge"]},
             {"key":"env","operator":"NotIn","values":["dev"]},
             {"key":"team","operator":"Exists"},
             {"key":"legacy","operator":"DoesNotExist"}]}
            """#)
        #expect(selector.matches(["app": "web", "tier": "edge", "team": "x"]), "NotIn holds when the label is absent")
        #expect(!selector.matches(["app": "web", "tier": "edge", "team": "x", "env": "dev"]))
        #expect(!selector.matches(["app": "web", "tier": "back", "team": "x"]))
        #expect(!selector.matches(["app": "web", "tier": "edge"]))
        #expect(!selector.matches(["app": "web", "tier": "edge", "team": "x", "legacy": ""]))
        #expect(!selector.matches(["app": "api", "tier": "edge", "team": "x"]))
    }

    @Test func malformedSelectorsAreRefused() {
        #expect(throws: LabelSelectorMatcher.Invalid.self) { try Self.selector(#"{"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]}"#) }
        #expect(throws: LabelSelectorMatcher.Invalid.self) { try Self.selector(#"{"matchExpressions":[{"key":"a","operator":"In"}]}"#) }
        #expect(throws: LabelSelectorMatcher.Invalid.self) { try Self.selector(#"{"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]}"#) }
    }

    @Test func addingToNothingStaysNothing() {
        let requirement = LabelRequirement(key: "rev", op: .in, values: ["2"])
        #expect(!LabelSelectorMatcher.nothing.adding(requirement).matches(["rev": "2"]))
        #expect(LabelSelectorMatcher.everything.adding(requirement).matches(["rev": "2"]))
    }
}
