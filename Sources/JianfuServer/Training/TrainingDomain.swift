import Fluent
import Foundation
import JianfuCore

/// 校外培训治理: the district's register of training institutions, their courses checked against the rules, the
/// guided prices, and the public white and black lists.
enum TrainingDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        TrainingPages.register(routes.signedIn)
        ComplaintPages.register(signedIn: routes.signedIn, visitor: routes.visitor)
        routes.visitor.get(TrainingPaths.publicList, use: PublicTrainingPages.page)
        routes.visitor.get(TrainingPaths.publicCSV, use: PublicTrainingPages.csv)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 60, path: TrainingPaths.index.path, labelKey: "nav.training") { $0.isDistrictWide },
    ]

    static let migrations: [NumberedMigration] = [
        // 030: the register of training institutions with their licence history, courses as checked, guided prices
        NumberedMigration(30, CreateTrainingRegister()),
        // 031: complaints about institutions, and findings made from a course's violations
        NumberedMigration(31, CreateTrainingComplaints()),
    ]

    static let labelled: [any Labelled.Type] = [TrainingKind.self, TrainingMode.self, InstitutionStatus.self, InstitutionEvent.self, PublicListing.self,
                                                FeeCustody.self, ComplaintStatus.self, FindingStatus.self]

    static func seedDemo(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        try await TrainingDemo.seed(district, today: today, policies: policies, on: db)
    }

    /// The half-monthly report's training lines (MS-02): the cut in subject institutions since OT-01's date, and the
    /// complaints the bureau has answered of all it received.
    static func reportFigures(_ district: District, policies: PolicyStore, on db: any Database) async throws -> [ReportFigure] {
        let training = try policies.profile(for: district).training
        let reduction = try await TrainingService.reduction(districtId: district.id!, baseline: training.subjectApprovalsEnded.date,
                                                            today: WallClock.today(in: district.zone), on: db)
        var figures: [ReportFigure] = []
        if reduction.baseline > 0 {
            figures.append(ReportFigure(key: "trainingReduction", numerator: reduction.baseline - reduction.now, denominator: reduction.baseline))
        }
        let statuses = try await TrainingComplaint.query(on: db).filter(\.$districtId == district.id!).all(\.$status)
        if !statuses.isEmpty {
            let handled = statuses.filter { $0 == ComplaintStatus.answered.rawValue || $0 == ComplaintStatus.closed.rawValue }.count
            figures.append(ReportFigure(key: "complaints", numerator: handled, denominator: statuses.count))
        }
        return figures
    }

    static func dashboardPanels(_ district: District, language: Language, policies: PolicyStore, on db: any Database) async throws
        -> DashboardPanels? {
        try await TrainingPanel.panels(district, language: language, policies: policies, on: db)
    }

    // The district's roles read the register and record the courses they check; the bureau's administrators register,
    // record licence steps and listings and set prices; the public lists are for everyone.
    static let access: [RouteAccess] = [
        RouteAccess("GET /training", [.bureau, .inspector, .otherDistrict]),
        RouteAccess("POST /training/institutions", [.bureau, .otherDistrict],
                    form: ["name": "童心艺术培训中心", "creditCode": "52110105MJ0000001K", "kind": "non_subject", "mode": "offline"]),
        RouteAccess("GET /training/export.csv", [.bureau, .inspector, .otherDistrict]),
        RouteAccess("POST /training/import", [.bureau, .otherDistrict]),
        RouteAccess("POST /training/prices", [.bureau, .otherDistrict], form: ["mode": "offline", "tier": "2", "price": "60"]),
        RouteAccess("GET /training/institutions/:id", [.bureau, .inspector]),
        RouteAccess("POST /training/institutions/:id/events", [.bureau], form: ["event": "change", "date": "{day}", "note": "变更办学地址"]),
        RouteAccess("POST /training/institutions/:id/listing", [.bureau], form: ["listing": "none", "reason": "", "date": "{day}"]),
        RouteAccess("POST /training/institutions/:id/courses", [.bureau, .inspector],
                    form: ["name": "少儿美术", "subject": "艺术", "mode": "offline", "lessonMinutes": "45", "classSize": "12", "price": "80",
                           "startsOn": "{day}", "endsOn": "{day}", "sessions": "3 16:30-17:15", "packages": "1 4 320"]),
        RouteAccess("POST /training/courses/:id/findings", [.bureau, .inspector], form: ["dueOn": "{day}"]),
        RouteAccess("POST /training/orders/:id", [.bureau], form: ["outcome": "rectified", "note": "已停止违规课程"]),
        RouteAccess("GET /training/complaints", [.bureau, .inspector, .otherDistrict]),
        RouteAccess("POST /training/complaints/:id", [.bureau, .inspector], form: ["action": "answer", "text": "已约谈机构负责人"]),
        // A complaint is filed by anyone (signed in, or with a phone and the page's check code); its state is read with
        // its reference and the phone's last digits.
        RouteAccess("GET /public/training/complaints", Set(RouteAccess.Persona.allCases), query: "?district=demo"),
        RouteAccess("POST /public/training/complaints", Set(RouteAccess.Persona.allCases),
                    form: ["district": "demo", "institution": "{institution}", "text": "收费后不开课", "phone": "13800138000", "checkCode": "0000"]),
        RouteAccess("GET /public/training/complaints/status", Set(RouteAccess.Persona.allCases), query: "?reference=TS0&phone=0000"),
        RouteAccess("GET /public/training", Set(RouteAccess.Persona.allCases), query: "?district=demo"),
        RouteAccess("GET /public/training.csv", Set(RouteAccess.Persona.allCases), query: "?district=demo"),
        RouteAccess("GET /api/v1/public/training-institutions", Set(RouteAccess.Persona.allCases), query: "?district=demo&list=white"),
        RouteAccess("POST /api/v1/training-institutions", [.bureau, .otherDistrict],
                    json: #"{"name":"童心艺术培训中心","creditCode":"52110105MJ0000001K","kind":"non_subject","mode":"offline"}"#),
        RouteAccess("POST /api/v1/training-institutions/:id/courses", [.bureau, .inspector],
                    json: #"{"name":"少儿美术","subject":"艺术","mode":"offline","lessonMinutes":45,"classSize":12,"pricePerLesson":80,"startsOn":"{day}","endsOn":"{day}","sessions":[{"weekday":3,"start":"16:30","end":"17:15"}]}"#),
    ]
}
