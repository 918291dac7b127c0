/// Who may use one route, as the access-matrix test walks it: every registered route has exactly one of these,
/// declared by its domain, and the walk signs in as each `Persona` and checks the answer against `allowed`.
struct RouteAccess: Sendable {
    /// The people of the demo district (and one of another district) the walk signs in as.
    enum Persona: String, CaseIterable, Sendable {
        case anonymous, bureau, inspector, principal, teacher, teacher2, parent
        /// A school administrator of another school of the district.
        case principal2
        /// The bureau administrator of another district.
        case otherDistrict
    }

    /// `METHOD /path/:param`, as Vapor lists it.
    let route: String
    let allowed: Set<Persona>
    /// A query string, a page form or an API body that passes validation, so that access alone decides.
    /// `{class}`, `{child}`, `{maths}`, `{day}` and `{username}` stand for the walk's values.
    var query = ""
    var form: [String: String] = [:]
    var json: String? = nil
    /// Signing in and out: each cell gets a fresh visitor, and the walk runs them last.
    var endsSession = false
    /// The most database round trips the route may take for one of its users: routes people use in the evening
    /// peak declare one, and the query-budget test fails when the route grows past it.
    var budget: QueryBudget?

    init(_ route: String, _ allowed: Set<Persona>, query: String = "", form: [String: String] = [:], json: String? = nil,
         endsSession: Bool = false, budget: QueryBudget? = nil) {
        self.route = route
        self.allowed = allowed
        self.query = query
        self.form = form
        self.json = json
        self.endsSession = endsSession
        self.budget = budget
    }
}

/// Round trips counted from the request's arrival to its answer: the session and the person's roles included.
/// The request is the route's own (its query, form or body) unless the budget names one that succeeds, so that the
/// count is of the work done, not of a refusal.
struct QueryBudget: Sendable {
    let persona: RouteAccess.Persona
    let roundTrips: Int
    var form: [String: String]?
    var json: String?

    init(_ persona: RouteAccess.Persona, _ roundTrips: Int, form: [String: String]? = nil, json: String? = nil) {
        self.persona = persona
        self.roundTrips = roundTrips
        self.form = form
        self.json = json
    }
}

extension Set where Element == RouteAccess.Persona {
    static let everyone = Set(RouteAccess.Persona.allCases)
    static let signedIn = everyone.subtracting([.anonymous])
    /// The staff who may open grade 4 class 1 of the first primary school.
    static let classStaff: Self = [.bureau, .inspector, .principal, .teacher, .teacher2]
    /// …and with them its pupils' guardians.
    static let classPeople = classStaff.union([.parent])
    /// District roles of either district see their own district's figures.
    static let districtRoles: Self = [.bureau, .inspector, .otherDistrict]
    static let administrators: Self = [.bureau, .principal, .principal2, .otherDistrict]
}
