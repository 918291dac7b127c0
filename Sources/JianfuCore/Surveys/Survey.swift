import Foundation

/// A question of a survey, as data: the kinds any module's questionnaire is made of.
public struct SurveyQuestion: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case single
        case multiple
        /// 1 (least) to 5 (most): satisfaction, agreement.
        case scale
        case number
        case text
    }

    public let id: String
    public let kind: Kind
    public let text: String
    public let options: [String]
    public let required: Bool
    /// A number question's bounds, both included ("hours of sleep": 0–24); nil for the engine's own bound.
    public let minimum: Double?
    public let maximum: Double?
    /// What a number question's answer is counted in ("小时"), shown beside its field.
    public let unit: String?

    public init(id: String, kind: Kind, text: String, options: [String] = [], required: Bool = true, minimum: Double? = nil, maximum: Double? = nil,
                unit: String? = nil) {
        self.id = id
        self.kind = kind
        self.text = text
        self.options = options
        self.required = required
        self.minimum = minimum
        self.maximum = maximum
        self.unit = unit
    }
}

/// One answer as the respondent gave it.
public enum SurveyAnswer: Codable, Equatable, Sendable {
    case choice([String])
    case number(Double)
    case text(String)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let number = try? c.decode(Double.self) { self = .number(number) } else if let list = try? c.decode([String].self) {
            self = .choice(list)
        } else { self = .text(try c.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .choice(let list): try c.encode(list)
        case .number(let n): try c.encode(n)
        case .text(let t): try c.encode(t)
        }
    }
}

/// Why a questionnaire cannot be published.
public enum SurveyDefinitionProblem: Error, Equatable, Sendable {
    case noQuestions
    case tooManyQuestions(max: Int)
    case duplicateId(String)
    case emptyText(String)
    case tooFewOptions(String)
    case optionsOnOpenQuestion(String)
    case badRange(String)
    case closesBeforeOpening
}

/// Why a response is refused, naming the question at fault.
public enum SurveyResponseProblem: Error, Equatable, Sendable {
    case missing(String)
    case unknownQuestion(String)
    case notAnOption(String)
    case oneChoiceOnly(String)
    case outsideScale(String)
    case notANumber(String)
    case outOfRange(String, minimum: Double, maximum: Double)
    case tooLong(String, max: Int)
    case closed
    case notOpenYet
}

/// The rules of surveys: what a questionnaire must be, what a response must answer, and when it may be given.
public enum SurveyRules {
    public static let maxQuestions = 40
    public static let maxTextLength = 1000
    /// A number answer's bound either way: beyond it is a typing slip, and a mean or an export could not hold it.
    public static let maxNumber = 1_000_000_000.0
    public static let scale = 1...5

    public static func check(_ questions: [SurveyQuestion], opensOn: LocalDate, closesOn: LocalDate) throws(SurveyDefinitionProblem) {
        guard !questions.isEmpty else { throw .noQuestions }
        guard questions.count <= maxQuestions else { throw .tooManyQuestions(max: maxQuestions) }
        guard opensOn <= closesOn else { throw .closesBeforeOpening }
        var seen: Set<String> = []
        for q in questions {
            guard seen.insert(q.id).inserted else { throw .duplicateId(q.id) }
            guard !q.text.trimmingCharacters(in: .whitespaces).isEmpty else { throw .emptyText(q.id) }
            switch q.kind {
            case .single, .multiple:
                let options = Set(q.options.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
                guard options.count >= 2, options.count == q.options.count else { throw .tooFewOptions(q.id) }
            case .scale, .number, .text:
                guard q.options.isEmpty else { throw .optionsOnOpenQuestion(q.id) }
            }
            if q.minimum != nil || q.maximum != nil {
                let low = q.minimum ?? -maxNumber, high = q.maximum ?? maxNumber
                guard q.kind == .number, low.isFinite, high.isFinite, low <= high else { throw .badRange(q.id) }
            }
        }
    }

    /// A response on `today`: within the survey's dates, every required question answered, each answer of its kind.
    public static func check(_ answers: [String: SurveyAnswer], to questions: [SurveyQuestion], today: LocalDate, opensOn: LocalDate,
                             closesOn: LocalDate) throws(SurveyResponseProblem) {
        guard today >= opensOn else { throw .notOpenYet }
        guard today <= closesOn else { throw .closed }
        let known = Set(questions.map(\.id))
        if let stranger = answers.keys.sorted().first(where: { !known.contains($0) }) { throw .unknownQuestion(stranger) }
        for q in questions {
            guard let answer = answers[q.id], !isBlank(answer) else {
                if q.required { throw .missing(q.id) }
                continue
            }
            switch (q.kind, answer) {
            case (.single, .choice(let picked)), (.multiple, .choice(let picked)):
                guard picked.allSatisfy(q.options.contains), Set(picked).count == picked.count else { throw .notAnOption(q.id) }
                if q.kind == .single, picked.count > 1 { throw .oneChoiceOnly(q.id) }
            case (.single, .text(let picked)):
                guard q.options.contains(picked) else { throw .notAnOption(q.id) }
            case (.scale, .number(let n)):
                // The range on the Double first: Int(n) of an infinite or huge number would trap.
                guard n >= Double(scale.lowerBound), n <= Double(scale.upperBound), n == n.rounded() else { throw .outsideScale(q.id) }
            case (.number, .number(let n)):
                guard n.isFinite, abs(n) <= maxNumber else { throw .notANumber(q.id) }
                let low = q.minimum ?? -maxNumber, high = q.maximum ?? maxNumber
                guard n >= low, n <= high else { throw .outOfRange(q.id, minimum: low, maximum: high) }
            case (.text, .text(let t)):
                guard t.count <= maxTextLength else { throw .tooLong(q.id, max: maxTextLength) }
            case (.scale, _): throw .outsideScale(q.id)
            case (.number, _): throw .notANumber(q.id)
            case (.single, _), (.multiple, _): throw .notAnOption(q.id)
            case (.text, _): throw .notAnOption(q.id)
            }
        }
    }

    static func isBlank(_ answer: SurveyAnswer) -> Bool {
        switch answer {
        case .choice(let list): list.isEmpty
        case .text(let t): t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        case .number: false
        }
    }
}

/// A question's results: how many answered it, and per option, per point of the scale, the mean, or the texts.
public struct SurveyQuestionResult: Equatable, Sendable {
    public let question: SurveyQuestion
    public let answered: Int
    /// Per option (single, multiple) or per point of the scale ("1"…"5"), in the question's order.
    public let counts: [(label: String, count: Int)]
    /// Scale and number questions.
    public let mean: Double?
    public let texts: [String]

    public static func == (a: Self, b: Self) -> Bool {
        a.question == b.question && a.answered == b.answered && a.counts.map(\.label) == b.counts.map(\.label)
            && a.counts.map(\.count) == b.counts.map(\.count) && a.mean == b.mean && a.texts == b.texts
    }
}

public enum SurveyResults {
    public static func tally(_ questions: [SurveyQuestion], _ responses: [[String: SurveyAnswer]]) -> [SurveyQuestionResult] {
        questions.map { q in
            let answers = responses.compactMap { $0[q.id] }.filter { !SurveyRules.isBlank($0) }
            switch q.kind {
            case .single, .multiple:
                let picked = answers.flatMap { answer -> [String] in
                    switch answer {
                    case .choice(let list): list
                    case .text(let t): [t]
                    case .number: []
                    }
                }
                return SurveyQuestionResult(question: q, answered: answers.count, counts: q.options.map { o in (o, picked.filter { $0 == o }.count) },
                                            mean: nil, texts: [])
            case .scale, .number:
                let numbers = answers.compactMap { if case .number(let n) = $0 { n } else { nil } }
                let counts = q.kind == .scale ? SurveyRules.scale.map { p in (String(p), numbers.filter { Int($0) == p }.count) } : []
                return SurveyQuestionResult(question: q, answered: numbers.count, counts: counts,
                                            mean: numbers.isEmpty ? nil : numbers.reduce(0, +) / Double(numbers.count), texts: [])
            case .text:
                let texts = answers.compactMap { if case .text(let t) = $0 { t } else { nil } }
                return SurveyQuestionResult(question: q, answered: texts.count, counts: [], mean: nil, texts: texts)
            }
        }
    }

    /// Responses over the audience, in whole percent; nil for an empty audience.
    public static func ratePercent(responses: Int, audience: Int) -> Int? {
        audience > 0 ? (responses * 100 + audience / 2) / audience : nil
    }
}
