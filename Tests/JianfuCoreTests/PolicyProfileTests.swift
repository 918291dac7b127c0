import Foundation
import Testing
@testable import JianfuCore

@Suite struct PolicyProfileTests {
    func national() throws -> PolicyProfile {
        try PolicyProfile.load(contentsOf: Fixture.nationalProfileURL)
    }

    @Test func nationalProfileCarriesTheCapsWithTheirRules() throws {
        let profile = try national()
        #expect(profile.writtenCapMinutes(grade: 1, system: .sixThree) == 0)
        #expect(profile.writtenCapMinutes(grade: 4, system: .sixThree) == 60)
        #expect(profile.writtenCapMinutes(grade: 6, system: .sixThree) == 60)
        #expect(profile.writtenCapMinutes(grade: 6, system: .fiveFour) == 90)
        #expect(profile.writtenCapMinutes(grade: 9, system: .sixThree) == 90)
        #expect(profile.homework.writtenCap.primaryLower.rule == "HW-01")
        #expect(profile.homework.writtenCap.junior.rule == "HW-03")
        #expect(profile.homework.weekendAndHoliday.value == nil)
        #expect(profile.afterSchool.minMinutesPerDay.value == 120)
    }

    @Test func reportedTimeOverrunsTheEstimateOnlyBeyondTheMargin() throws {
        var overrun = try national().homework.feedbackOverrun
        #expect(overrun.rule == "HW-15" && overrun.marginPercent == 20)
        #expect(!overrun.exceeds(reported: 48, estimate: 40), "20 % over is within the margin")
        #expect(overrun.exceeds(reported: 49, estimate: 40))
        #expect(overrun.exceeds(reported: 5, estimate: 0))
        overrun.marginPercent = 50
        #expect(!overrun.exceeds(reported: 59, estimate: 40))
    }

    @Test func malformedProfileNamesTheFileAndKey() throws {
        let text = try String(contentsOf: Fixture.nationalProfileURL, encoding: .utf8)
        let broken = text.replacingOccurrences(of: "    junior:\n      minutes: 90", with: "    junior:\n      minutes: ninety")
        #expect(broken != text)
        let error = #expect(throws: PolicyProfileError.self) { try PolicyProfile.load(yaml: broken, file: "regional.yaml") }
        #expect(error?.file == "regional.yaml")
        #expect(error?.key == "homework.writtenCap.junior.minutes")
    }

    @Test func incompleteProfileNamesTheMissingKey() throws {
        let text = try String(contentsOf: Fixture.nationalProfileURL, encoding: .utf8)
        let start = try #require(text.range(of: "  maxItemMinutes:"))
        let end = try #require(text.range(of: "  # Kinds recorded"))
        let broken = text.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "")
        let error = #expect(throws: PolicyProfileError.self) { try PolicyProfile.load(yaml: broken, file: "p.yaml") }
        #expect(error?.key == "homework.maxItemMinutes")
        #expect(error?.description.contains("p.yaml") == true)
    }

    @Test func negativeCapIsRefused() throws {
        let text = try String(contentsOf: Fixture.nationalProfileURL, encoding: .utf8)
        let broken = text.replacingOccurrences(of: "minutes: 60", with: "minutes: -60")
        let error = #expect(throws: PolicyProfileError.self) { try PolicyProfile.load(yaml: broken, file: "p.yaml") }
        #expect(error?.key == "homework.writtenCap.primaryUpper")
    }

    @Test func ruleWithoutIdIsRefused() throws {
        let text = try String(contentsOf: Fixture.nationalProfileURL, encoding: .utf8)
        let broken = text.replacingOccurrences(of: "rule: HW-02", with: "rule: \"\"")
        let error = #expect(throws: PolicyProfileError.self) { try PolicyProfile.load(yaml: broken, file: "p.yaml") }
        #expect(error?.key == "homework.writtenCap.primaryUpper.rule")
    }

    @Test func districtMayTightenACap() throws {
        let tightened = try PolicyAdjustment(values: ["homework.writtenCap.primaryUpper": 45]).applied(to: national())
        #expect(tightened.writtenCapMinutes(grade: 4, system: .sixThree) == 45)
        #expect(tightened.writtenCapMinutes(grade: 8, system: .sixThree) == 90)
        #expect(tightened.homework.writtenCap.primaryUpper.rule == "HW-02")
    }

    @Test func districtMaySetAWeekendNumberWhereTheNationHasNone() throws {
        let tightened = try PolicyAdjustment(values: ["homework.weekendAndHoliday": 120]).applied(to: national())
        #expect(tightened.homework.weekendAndHoliday.value == 120)
    }

    @Test func looseningIsRefused() throws {
        let profile = try national()
        #expect(throws: PolicyAdjustment.Problem.loosening(key: "homework.writtenCap.junior", rule: "HW-03", profileValue: 90, requested: 100)) {
            try PolicyAdjustment(values: ["homework.writtenCap.junior": 100]).applied(to: profile)
        }
        #expect(throws: PolicyAdjustment.Problem.loosening(key: "afterSchool.minMinutesPerDay", rule: "AS-02", profileValue: 120, requested: 90)) {
            try PolicyAdjustment(values: ["afterSchool.minMinutesPerDay": 90]).applied(to: profile)
        }
        #expect(throws: PolicyAdjustment.Problem.unknownKey("homework.writtenCap.primaryLower")) {
            try PolicyAdjustment(values: ["homework.writtenCap.primaryLower": 10]).applied(to: profile)
        }
    }
}

@Suite struct PolicyHistoryCoreTests {
    let day = { (iso: String) in LocalDate(iso: iso)! }

    @Test func valuesHoldFromTheirDayUntilTheNextChange() {
        var history = PolicyHistory()
        #expect(history.values(on: day("2026-11-01")) == nil, "no change recorded: the current values hold throughout")
        history.record(["homework.writtenCap.primaryUpper": 45], from: day("2026-11-25"), before: [:])
        history.record(["homework.writtenCap.primaryUpper": 40], from: day("2026-12-10"), before: ["homework.writtenCap.primaryUpper": 45])
        #expect(history.values(on: day("2026-11-24")) == [:])
        #expect(history.values(on: day("2026-11-25")) == ["homework.writtenCap.primaryUpper": 45])
        #expect(history.values(on: day("2026-12-09")) == ["homework.writtenCap.primaryUpper": 45])
        #expect(history.values(on: day("2026-12-10")) == ["homework.writtenCap.primaryUpper": 40])
        // A second change on the same day replaces the first.
        history.record(["homework.writtenCap.primaryUpper": 35], from: day("2026-12-10"), before: ["homework.writtenCap.primaryUpper": 40])
        #expect(history.entries.count == 3)
        #expect(history.values(on: day("2027-01-01")) == ["homework.writtenCap.primaryUpper": 35])
    }
}
