import Foundation
@testable import JianfuServer
import Testing
import VaporTesting

/// Every page every person can open links only to routes that exist (templates included), and no page repeats an id:
/// a renamed route that leaves a dead link, or a duplicate id a screen reader or a test would trip over, fails here.
@Suite struct LinkCheckTests {
    @Test func everyPageLinksOnlyToRegisteredRoutesAndHasUniqueIds() async throws {
        try await TestApp.withApp { app in
            let fixture = try await AccessFixture(app)
            let patterns = app.routes.all.map { route in (route.method, route.path.map { "\($0)" }) }
            let pages = Domains.access.filter { $0.route.hasPrefix("GET /") && !$0.route.contains("/api/") && !$0.route.hasSuffix(".csv")
                && !$0.route.contains(":file") && $0.route != "GET /health" }
            var checked = 0
            for row in pages {
                for who in row.allowed where who != .anonymous || row.route == "GET /sign-in" {
                    let response = try await fixture.send(row, as: who)
                    guard response.status == .ok, response.headers.contentType?.subType == "html" else { continue }
                    checked += 1
                    let html = response.body.string
                    for problem in LinkCheck.problems(in: html, patterns: patterns) {
                        Issue.record("\(row.route) as \(who): \(problem)")
                    }
                }
            }
            #expect(checked > 40, "only \(checked) pages were read")
        }
    }

    @Test func aDeadLinkAndARepeatedIdAreNamed() {
        let patterns: [(HTTPMethod, [String])] = [(.GET, ["schools", ":id"]), (.POST, ["homework", "file"])]
        let html = #"<a href="/schools/1" id="a">x</a><a href="/school/1" id="a">y</a><form method="post" action="/homework/file"></form>"#
        #expect(LinkCheck.problems(in: html, patterns: patterns) == ["a link to /school/1 matches no route", "the id a is used 2 times"])
    }
}

enum LinkCheck {
    static func problems(in html: String, patterns: [(HTTPMethod, [String])]) -> [String] {
        var problems: [String] = []
        for (attribute, target) in matches(#"(href|action)="([^"]*)""#, in: html) {
            guard target.hasPrefix("/"), !target.hasPrefix("//") else { continue }
            let path = String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
            let parts = path.split(separator: "/").map(String.init)
            if ["css", "js"].contains(parts.first) { continue }
            let known = patterns.contains { _, pattern in
                pattern.count == parts.count && zip(pattern, parts).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
            }
            if !known { problems.append("a \(attribute == "href" ? "link" : "form") to \(path) matches no route") }
        }
        let ids = matches(#"\sid="([^"]*)""#, in: html).map(\.1)
        for (id, count) in Dictionary(grouping: ids, by: { $0 }).mapValues(\.count).sorted(by: { $0.key < $1.key }) where count > 1 {
            problems.append("the id \(id) is used \(count) times")
        }
        return problems
    }

    /// The first and last capture group of each match.
    private static func matches(_ pattern: String, in text: String) -> [(String, String)] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            let first = String(text[Range(match.range(at: 1), in: text)!])
            let last = String(text[Range(match.range(at: match.numberOfRanges - 1), in: text)!])
            return (first, last)
        }
    }
}
