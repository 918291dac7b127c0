import Foundation
import Yams

/// An assessment table (评估指标体系) as a bureau publishes it: a tree of indicators with their points, and the scheme
/// that turns a rating into points. Kept exactly as published; where its numbers disagree with themselves,
/// `discrepancies` says where, and the bureau's decisions say what stands (`AssessmentScoring`).
public struct AssessmentTable: Codable, Sendable, Equatable {
    public let id: String
    public let title: String
    public let source: String
    /// The total the table states, if it states one.
    public let statedTotal: Double?
    public let scheme: RatingScheme
    public let indicators: [Indicator]

    public struct RatingScheme: Codable, Sendable, Equatable {
        /// `levels`: each rating is a level whose weight multiplies the indicator's points. Jianfu knows no other kind.
        public let kind: String
        public let wording: String
        public let levels: [Level]
    }

    public struct Level: Codable, Sendable, Equatable {
        public let level: Int
        public let name: String
        /// As published ("0.8"): a text, so that the table's own figure is what is kept.
        public let weight: String
        public let criterion: String

        public var factor: Double { Double(weight) ?? 0 }
    }

    public struct Indicator: Codable, Sendable, Equatable {
        public let code: String
        /// nil where the published table gives the indicator no name.
        public let title: String?
        /// The points the table states; nil where it states none.
        public let points: Double?
        public let content: [String]?
        public let deadline: [String]?
        public let method: String?
        /// Scored by what was achieved, each achievement adding its points, instead of by a level.
        public let achievements: [Achievement]?
        public let children: [Indicator]?

        public var isLeaf: Bool { (children ?? []).isEmpty }
    }

    public struct Achievement: Codable, Sendable, Equatable {
        public let key: String
        public let name: String
        public let points: Double
    }

    public enum Problem: Error, Equatable, Sendable {
        case unreadable(String)
        case unknownScheme(String)
        case badWeights(String)
        case leafWithoutPoints(String)
        case duplicateLeaf(String)
        case emptyCode
    }

    /// Reads a table and refuses one Jianfu cannot score: an unknown scheme, weights that are not numbers between 0 and
    /// 1, an indicator to be rated without points, or two indicators to be rated under one code.
    public static func parse(yaml text: String) throws(Problem) -> AssessmentTable {
        let table: AssessmentTable
        do {
            table = try YAMLDecoder().decode(AssessmentTable.self, from: text)
        } catch {
            throw .unreadable(String(describing: error))
        }
        try table.validate()
        return table
    }

    public func validate() throws(Problem) {
        guard scheme.kind == "levels" else { throw .unknownScheme(scheme.kind) }
        guard !scheme.levels.isEmpty, Set(scheme.levels.map(\.level)).count == scheme.levels.count else {
            throw .badWeights(scheme.wording)
        }
        for level in scheme.levels {
            guard let weight = Double(level.weight), weight > 0, weight <= 1 else { throw .badWeights(level.weight) }
        }
        var leaves = Set<String>()
        for node in nodes {
            guard !node.indicator.code.trimmingCharacters(in: .whitespaces).isEmpty else { throw .emptyCode }
            guard node.indicator.isLeaf else { continue }
            guard node.indicator.points != nil else { throw .leafWithoutPoints(node.indicator.code) }
            guard leaves.insert(node.indicator.code).inserted else { throw .duplicateLeaf(node.indicator.code) }
        }
    }

    /// One indicator where it stands in the tree. `key` is its code, with "#n" where the published table uses the
    /// code more than once (the n-th in reading order), so that each can be named.
    public struct Node: Sendable, Equatable {
        public let key: String
        public let indicator: Indicator
        public let depth: Int
        public let parentKey: String?
    }

    /// Every indicator in reading order.
    public var nodes: [Node] {
        var seen: [String: Int] = [:]
        var counts: [String: Int] = [:]
        func count(_ list: [Indicator]) { for i in list { counts[i.code, default: 0] += 1; count(i.children ?? []) } }
        count(indicators)
        var result: [Node] = []
        func walk(_ list: [Indicator], depth: Int, parent: String?) {
            for indicator in list {
                seen[indicator.code, default: 0] += 1
                let key = counts[indicator.code]! > 1 ? "\(indicator.code)#\(seen[indicator.code]!)" : indicator.code
                result.append(Node(key: key, indicator: indicator, depth: depth, parentKey: parent))
                walk(indicator.children ?? [], depth: depth + 1, parent: key)
            }
        }
        walk(indicators, depth: 0, parent: nil)
        return result
    }

    /// The indicators a school is rated on.
    public var leaves: [Node] { nodes.filter { $0.indicator.isLeaf } }

    public func level(_ number: Int) -> Level? { scheme.levels.first { $0.level == number } }
}
