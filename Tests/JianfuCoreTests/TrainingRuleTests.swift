import Foundation
import JianfuCore
import Testing

/// The off-campus training checks, each held by a test named after its rule id, on the national profile's numbers.
@Suite struct TrainingRuleTests {
    let training = try! PolicyProfile.load(contentsOf: Fixture.nationalProfileURL).training
    var limits: TrainingLimits { TrainingLimits(training) }

    static func time(_ text: String) -> TimeOfDay { TimeOfDay(hhmm: text)! }
    static func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    /// Autumn term 2026 with the National Day week off, then the winter vacation, then spring.
    static let calendars = [
        SchoolCalendar(startsOn: day("2026-09-01"), endsOn: day("2027-01-22"),
                       holidays: Set((1...7).map { day("2026-10-0\($0)") }), makeUpWorkdays: [day("2026-10-10")]),
        SchoolCalendar(startsOn: day("2027-02-22"), endsOn: day("2027-07-02")),
    ]

    static let prices = [GuidedPrice(mode: .offline, tier: 2, baseFen: 6000), GuidedPrice(mode: .online, tier: 2, baseFen: 3000),
                         GuidedPrice(mode: .offline, tier: 1, baseFen: 12000)]

    func course(kind: TrainingKind = .subject, mode: TrainingMode = .offline, minutes: Int = 45, size: Int = 20, priceFen: Int = 6000,
                from: String = "2026-09-07", through: String = "2026-09-30", sessions: [TrainingCourse.Session]? = nil,
                packages: [TrainingCourse.Package] = [TrainingCourse.Package(months: 1, lessons: 8, amountFen: 48000)]) -> TrainingCourse {
        TrainingCourse(kind: kind, mode: mode, lessonMinutes: minutes, classSize: size, pricePerLessonFen: priceFen, startsOn: Self.day(from),
                       endsOn: Self.day(through), sessions: sessions ?? [.init(weekday: 3, start: Self.time("18:00"), end: Self.time("18:45"))],
                       packages: packages)
    }

    func violations(_ course: TrainingCourse) throws -> [TrainingViolation] {
        try CourseCheck.violations(course, limits: limits, calendars: Self.calendars, guidedPrices: Self.prices)
    }

    @Test func aCourseWithinEveryRuleHasNoViolation() throws {
        #expect(try violations(course()).isEmpty)
    }

    @Test func OT18_aCourseIsClassifiedByItsSubjectAndByTheContentItsNameShows() {
        let subjects = training.subjects
        #expect(subjects.rule == "OT-18")
        #expect(subjects.classify(subject: "数学", courseName: "思维训练营")?.kind == .subject)
        #expect(subjects.classify(subject: "英语", courseName: "少儿口语")?.kind == .subject, "an alias of 外语 is subject training")
        #expect(subjects.classify(subject: "美术", courseName: "儿童创意画")?.kind == .nonSubject)
        // A non-subject course whose name sells 数学 content is subject training whatever it declares.
        let disguised = subjects.classify(subject: "综合实践活动", courseName: "奥数思维探究")
        #expect(disguised == .init(kind: .subject, contentOf: "数学"))
        #expect(subjects.classify(subject: "占卜", courseName: "兴趣班") == nil, "a subject on neither list is not classified")
    }

    @Test func OT07_subjectTrainingTakesNoWeekendHolidayOrVacationDay() throws {
        let weekend = try violations(course(sessions: [.init(weekday: 6, start: Self.time("09:00"), end: Self.time("09:45"))]))
        #expect(weekend.map(\.code) == ["training.v.weekend"] && weekend[0].rule == "OT-07" && weekend[0].args == ["6"])
        // Thursdays from September into October meet the National Day week.
        let holiday = try violations(course(from: "2026-09-01", through: "2026-10-31",
                                            sessions: [.init(weekday: 4, start: Self.time("18:00"), end: Self.time("18:45"))]))
        #expect(holiday == [TrainingViolation(rule: "OT-07", code: "training.v.offDays", args: ["1", "2026-10-01"])])
        // The winter vacation: every Wednesday between the terms.
        let vacation = try violations(course(from: "2027-01-18", through: "2027-03-05"))
        #expect(vacation.first?.code == "training.v.offDays" && vacation.first?.args == ["4", "2027-01-27"])
        // Non-subject training may run at the weekend and in the holidays.
        let sport = course(kind: .nonSubject, from: "2027-01-18", through: "2027-03-05",
                           sessions: [.init(weekday: 6, start: Self.time("09:00"), end: Self.time("09:45"))],
                           packages: [.init(months: 2, lessons: 8, amountFen: 160_000)])
        #expect(try violations(sport).isEmpty)
    }

    @Test func OT08_anOnlineLessonIsAtMostThirtyMinutesTenApartAndEndsByNine() throws {
        #expect(limits.onlineLessonMaxMinutes.value == 30 && limits.onlineBreakMinMinutes.value == 10 && limits.onlineLatestEnd.value == 21 * 60)
        let long = try violations(course(mode: .online, minutes: 40, priceFen: 3000,
                                         sessions: [.init(weekday: 2, start: Self.time("19:00"), end: Self.time("19:40"))]))
        #expect(long.contains(TrainingViolation(rule: "OT-08", code: "training.v.lessonLength", args: ["40", "30"])))
        let close = try violations(course(mode: .online, minutes: 30, priceFen: 3000, sessions: [
            .init(weekday: 2, start: Self.time("19:00"), end: Self.time("19:30")), .init(weekday: 2, start: Self.time("19:35"), end: Self.time("20:05")),
        ]))
        #expect(close == [TrainingViolation(rule: "OT-08", code: "training.v.break", args: ["2", "19:30", "19:35", "10"])])
        let spaced = try violations(course(mode: .online, minutes: 30, priceFen: 3000, sessions: [
            .init(weekday: 2, start: Self.time("19:00"), end: Self.time("19:30")), .init(weekday: 2, start: Self.time("19:40"), end: Self.time("20:10")),
        ]))
        #expect(spaced.isEmpty, "ten minutes apart is allowed")
        let late = try violations(course(mode: .online, minutes: 30, priceFen: 3000,
                                         sessions: [.init(weekday: 2, start: Self.time("20:40"), end: Self.time("21:10"))]))
        #expect(late == [TrainingViolation(rule: "OT-08", code: "training.v.lateEnd", args: ["2", "21:10", "21:00"])])
        #expect(try violations(course(mode: .online, minutes: 30, priceFen: 3000,
                                      sessions: [.init(weekday: 2, start: Self.time("20:30"), end: Self.time("21:00"))])).isEmpty, "ending at nine is allowed")
    }

    @Test func OT09_offlineTrainingSubjectOrNotEndsByHalfPastEight() throws {
        let late = [TrainingCourse.Session(weekday: 5, start: Self.time("19:50"), end: Self.time("20:35"))]
        #expect(try violations(course(sessions: late)) == [TrainingViolation(rule: "OT-09", code: "training.v.lateEnd", args: ["5", "20:35", "20:30"])])
        #expect(try violations(course(kind: .nonSubject, sessions: late)).map(\.rule) == ["OT-09"])
    }

    @Test func OT13_aSubjectPriceIsWithinTheGuidedPriceOfItsTierProRatedAndUpTenPercent() throws {
        #expect(limits.priceFloatUpPercent.value == 10 && limits.classSizeTiers.upperBounds == [9, 35])
        #expect(limits.classSizeTiers.tier(ofClassSize: 9) == 1 && limits.classSizeTiers.tier(ofClassSize: 10) == 2
                && limits.classSizeTiers.tier(ofClassSize: 35) == 2 && limits.classSizeTiers.tier(ofClassSize: 36) == 3)
        // Tier 2 offline: 60 yuan per 45 minutes; 66 is the ceiling, 66.01 is over it.
        #expect(try violations(course(priceFen: 6600)).isEmpty)
        #expect(try violations(course(priceFen: 6601)) == [TrainingViolation(rule: "OT-13", code: "training.v.price", args: ["66.01", "66", "2", "10"])])
        #expect(try violations(course(priceFen: 1000)).isEmpty, "down is unlimited")
        // A 60-minute lesson is pro-rated: 80 yuan, up to 88.
        #expect(try violations(course(minutes: 60, priceFen: 8800, sessions: [.init(weekday: 3, start: Self.time("18:00"), end: Self.time("19:00"))])).isEmpty)
        #expect(try violations(course(minutes: 60, priceFen: 8900, sessions: [.init(weekday: 3, start: Self.time("18:00"), end: Self.time("19:00"))]))
            .map(\.code) == ["training.v.price"])
        // A class of 40 is tier 3, which the district has not priced: the course cannot be checked.
        #expect(throws: CourseCheck.Problem.unpricedTier(mode: .offline, tier: 3)) { try violations(course(size: 40)) }
        // Non-subject training is not under the guided price.
        #expect(try violations(course(kind: .nonSubject, size: 40, priceFen: 50_000)).isEmpty)
    }

    @Test func OT16_noPackageIsLongerThanThreeMonthsOrSixtyLessonsNorANonSubjectOneOverFiveThousandYuan() throws {
        let long = try violations(course(packages: [.init(months: 4, lessons: 32, amountFen: 192_000), .init(months: 3, lessons: 72, amountFen: 400_000)]))
        #expect(long == [TrainingViolation(rule: "OT-16", code: "training.v.packageLessons", args: ["72", "60"]),
                         TrainingViolation(rule: "OT-16", code: "training.v.packageMonths", args: ["4", "3"])])
        let dear = try violations(course(kind: .nonSubject, packages: [.init(months: 3, lessons: 24, amountFen: 520_000)]))
        #expect(dear == [TrainingViolation(rule: "OT-16", code: "training.v.packageAmount", args: ["5200", "5000"])])
        #expect(try violations(course(kind: .subject, packages: [.init(months: 3, lessons: 24, amountFen: 158_400)])).isEmpty,
                "the amount limit is the non-subject one; a subject course's price is held by OT-13")
    }

    @Test func OT01_aSubjectInstitutionIsNotNewlyApprovedAndTheLifeCycleHasNoShortcuts() throws {
        let ended = training.subjectApprovalsEnded
        #expect(ended.rule == "OT-01" && ended.date.iso == "2021-07-24")
        func apply(_ event: InstitutionEvent, _ status: InstitutionStatus, _ kind: TrainingKind = .nonSubject, _ date: String = "2026-11-02")
            throws(InstitutionLifecycle.Refusal) -> InstitutionStatus {
            try InstitutionLifecycle.apply(event, to: status, kind: kind, on: Self.day(date), subjectApprovalsEnded: ended.date)
        }
        #expect(try apply(.approve, .pending) == .approved)
        #expect(throws: InstitutionLifecycle.Refusal.noNewSubjectApprovals(since: ended.date)) { try apply(.approve, .pending, .subject) }
        #expect(try apply(.approve, .pending, .subject, "2021-06-30") == .approved, "an approval before the rule stands")
        #expect(try apply(.suspend, .approved) == .suspended && (try apply(.reinstate, .suspended)) == .approved)
        #expect(try apply(.annualReview, .approved) == .approved && (try apply(.cancel, .approved)) == .cancelled)
        // Cancelled, it returns only through a new approval, which a subject institution cannot get.
        #expect(throws: InstitutionLifecycle.Refusal.notFrom(.cancelled, .reinstate)) { try apply(.reinstate, .cancelled) }
        #expect(throws: InstitutionLifecycle.Refusal.notFrom(.cancelled, .annualReview)) { try apply(.annualReview, .cancelled) }
        #expect(try apply(.approve, .cancelled) == .approved)
        #expect(throws: InstitutionLifecycle.Refusal.noNewSubjectApprovals(since: ended.date)) { try apply(.approve, .revoked, .subject) }
        #expect(InstitutionLifecycle.events(from: .cancelled) == [.approve])
    }

    @Test func theReductionIsReadFromTheRegistersHistory() {
        let steps: [(date: LocalDate, to: InstitutionStatus)] = [(Self.day("2019-03-01"), .approved), (Self.day("2021-10-12"), .cancelled)]
        #expect(InstitutionHistory.status(on: Self.day("2021-07-24"), steps: steps) == .approved)
        #expect(InstitutionHistory.status(on: Self.day("2022-01-01"), steps: steps) == .cancelled)
        #expect(InstitutionHistory.status(on: Self.day("2018-01-01"), steps: steps) == nil)
        // Seed 001: 32 re-reviewed, 21 cut, 11 left: "压减 66%".
        #expect(InstitutionHistory.reductionPercent(baseline: 32, now: 11) == 66)
        #expect(InstitutionHistory.reductionPercent(baseline: 8, now: 7) == 13 && InstitutionHistory.reductionPercent(baseline: 0, now: 0) == nil)
    }

    @Test func thePublicListsTakeTheBureausListingFirstThenApprovedInstitutionsWithPublishedFees() {
        #expect(PublicListing.of(status: .approved, listed: nil, feesPublished: true) == .white)
        #expect(PublicListing.of(status: .approved, listed: nil, feesPublished: false) == nil, "fees unpublished: not on the white list")
        #expect(PublicListing.of(status: .approved, listed: .black, feesPublished: true) == .black)
        #expect(PublicListing.of(status: .revoked, listed: .black, feesPublished: false) == .black)
        #expect(PublicListing.of(status: .suspended, listed: nil, feesPublished: true) == nil)
        #expect(PublicListing.of(status: .approved, listed: .grey, feesPublished: true) == .grey)
    }

    @Test func aCreditCodeIsEighteenCharactersWithItsCheckCharacter() {
        // A published example: 91350100M000100Y43.
        #expect(CreditCode.normalized("91350100M000100Y43") == "91350100M000100Y43")
        #expect(CreditCode.normalized(" 91350100m000100y43 ") == "91350100M000100Y43")
        #expect(CreditCode.normalized("91350100M000100Y44") == nil, "a wrong check character")
        #expect(CreditCode.normalized("91350100M000100Y4") == nil && CreditCode.normalized("91350100I000100Y43") == nil)
    }

    @Test func moneyIsKeptInFenAndShownInYuan() {
        #expect(Money.fen("120") == 12000 && Money.fen("99.5") == 9950 && Money.fen("99.05") == 9905)
        #expect(Money.fen("-1") == nil && Money.fen("1.234") == nil && Money.fen("abc") == nil && Money.fen("") == nil)
        #expect(Money.yuan(12000) == "120" && Money.yuan(9950) == "99.5" && Money.yuan(9905) == "99.05")
    }
}
