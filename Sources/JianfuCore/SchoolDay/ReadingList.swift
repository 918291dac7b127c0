import Foundation

extension PolicyProfile {
    /// A school's recommended reading (RD-02..05): the standards a title is reviewed against, the negative list it must
    /// be clear of, and voluntary purchase.
    public struct Reading: Codable, Sendable, Equatable {
        /// RD-03: the recommendation standards, each confirmed by the school's review.
        public let standards: Standards
        /// RD-04: the 十二种情形 a title may fall under none of.
        public let negativeList: RuleCitation
        /// RD-05: purchase is voluntary: the list carries no price and no way to buy.
        public let voluntaryPurchase: RuleCitation

        public struct Standards: Codable, Sendable, Equatable {
            public let rule: String
            public let source: String
            public let wording: String
            public let items: [String]
        }
    }
}

/// One title as a school proposes it for its list.
public struct ReadingTitleDraft: Sendable, Equatable {
    public var title: String
    public var author: String
    public var publisher: String
    public var fromGrade: Int
    public var toGrade: Int
    public var reviewer: String
    public var reviewedOn: LocalDate?
    /// The standards the review confirmed, by their wording in the profile.
    public var standards: Set<String>
    /// The reviewer confirmed the title falls under none of RD-04's situations.
    public var clearOfNegativeList: Bool
    public var note: String

    public init(title: String, author: String, publisher: String, fromGrade: Int, toGrade: Int, reviewer: String, reviewedOn: LocalDate?,
                standards: Set<String>, clearOfNegativeList: Bool, note: String) {
        self.title = title
        self.author = author
        self.publisher = publisher
        self.fromGrade = fromGrade
        self.toGrade = toGrade
        self.reviewer = reviewer
        self.reviewedOn = reviewedOn
        self.standards = standards
        self.clearOfNegativeList = clearOfNegativeList
        self.note = note
    }
}

/// Why a title cannot go on the list, naming the field at fault.
public enum ReadingTitleProblem: Error, Equatable, Sendable {
    case missing(String)
    case tooLong(String, max: Int)
    case badGrades
    case reviewedInFuture
    /// RD-03: a standard the review did not confirm.
    case standardNotConfirmed(String)
    /// RD-04.
    case negativeListNotConfirmed
    /// RD-05: a price or a way to buy, in the field named.
    case commercial(String)
}

public enum ReadingListRules {
    public static let maxLength = 200
    public static let maxNoteLength = 500

    /// What reads as a price or a purchase: the list is a recommendation, and buying is the family's own choice (RD-05).
    static let commercialMarks = ["http://", "https://", "www.", "¥", "￥", "元", "价格", "定价", "售价", "优惠", "购买", "下单", "团购", "订购", "淘宝",
                                  "京东", "拼多多", "当当", "扫码"]

    public static func isCommercial(_ text: String) -> Bool {
        let lower = text.lowercased()
        return commercialMarks.contains { lower.contains($0) }
    }

    /// `grades`: the grades the school teaches (a title's range lies within them); `today` in the district.
    public static func check(_ draft: ReadingTitleDraft, standards: [String], grades: ClosedRange<Int>, today: LocalDate) throws(ReadingTitleProblem) {
        for (field, value, max) in [("title", draft.title, maxLength), ("author", draft.author, maxLength), ("publisher", draft.publisher, maxLength),
                                    ("reviewer", draft.reviewer, maxLength)] {
            let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw .missing(field) }
            guard text.count <= max else { throw .tooLong(field, max: max) }
        }
        guard draft.note.count <= maxNoteLength else { throw .tooLong("note", max: maxNoteLength) }
        guard draft.fromGrade <= draft.toGrade, grades.contains(draft.fromGrade), grades.contains(draft.toGrade) else { throw .badGrades }
        guard let reviewed = draft.reviewedOn else { throw .missing("reviewedOn") }
        guard reviewed <= today else { throw .reviewedInFuture }
        if let missing = standards.first(where: { !draft.standards.contains($0) }) { throw .standardNotConfirmed(missing) }
        guard draft.clearOfNegativeList else { throw .negativeListNotConfirmed }
        for (field, value) in [("title", draft.title), ("author", draft.author), ("publisher", draft.publisher), ("note", draft.note)] where isCommercial(value) {
            throw .commercial(field)
        }
    }
}
