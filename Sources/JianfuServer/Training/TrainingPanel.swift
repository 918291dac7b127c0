import Fluent
import Foundation
import JianfuCore

/// The training block of the 数据看板 (the district's only: institutions belong to no school): licensed institutions by
/// type, the cut in subject institutions since OT-01's date, insurance and fee custody among the licensed, and open
/// complaints with the oldest one's age.
enum TrainingPanel {
    static func panels(_ district: District, language: Language, policies: PolicyStore, on db: any Database) async throws -> DashboardPanels? {
        let districtId = district.id!
        let rows = try await TrainingQueries.institutions(districtId: districtId, on: db)
        guard !rows.isEmpty else { return nil }
        let today = WallClock.today(in: district.zone)
        let training = try policies.profile(for: district).training
        let licensed = rows.filter { InstitutionHistory.isLicensed(InstitutionStatus(rawValue: $0.status)) }
        let subject = licensed.filter { $0.kind == TrainingKind.subject.rawValue }.count
        let reduction = try await TrainingService.reduction(districtId: districtId, baseline: training.subjectApprovalsEnded.date, today: today, on: db)
        let insured = licensed.filter { ($0.insurance_expires_on ?? "") >= today.iso }.count
        let custody = licensed.filter { $0.custody != FeeCustody.none.rawValue }.count
        let open = try await TrainingComplaint.query(on: db).filter(\.$districtId == districtId)
            .filter(\.$status ~~ [ComplaintStatus.received.rawValue, ComplaintStatus.assigned.rawValue]).all()
        let oldest = open.map { today.dayNumber - LocalDate.today(in: district.zone, now: $0.createdAt).dayNumber }.max()
        func t(_ key: String, _ args: [String] = []) -> String { Strings.text(key, language, args) }
        return DashboardPanels(district: DashboardPanel(id: "training", title: t("training.panel.title"), href: TrainingPaths.index.path, figures: [
            .init(label: t("training.panel.licensed"), value: t("training.panel.byKind", [String(subject), String(licensed.count - subject)]), flag: false),
            .init(label: t("training.panel.reduction", [reduction.baselineDate.iso]),
                  value: reduction.percent.map { "\(reduction.baseline) → \(reduction.now)（\($0)%）" } ?? "—", flag: false),
            .init(label: t("training.panel.insured"), value: "\(insured) / \(licensed.count)", flag: insured < licensed.count),
            .init(label: t("training.panel.custody"), value: "\(custody) / \(licensed.count)", flag: custody < licensed.count),
            .init(label: t("training.panel.complaints"), value: oldest.map { t("training.panel.open", [String(open.count), String($0)]) } ?? "0",
                  flag: (oldest ?? 0) > 7),
        ]), schools: [:])
    }
}
