import Fluent
import Foundation
import JianfuCore
import Vapor

extension AfterSchoolService {
    /// The district's approved third-party providers (AS-11), for the bureau's list and the programs' choice.
    static func providers(_ actor: Actor, on db: any Database) async throws -> [AfterSchoolProvider] {
        // The bureau keeps the list; the schools' administrators choose from it.
        guard actor.isDistrictWide || !actor.adminSchoolIds.isEmpty else { throw AppError.notFound }
        return try await AfterSchoolProvider.query(on: db).filter(\.$districtId == actor.districtId).sort(\.$name).all()
    }

    struct ProviderInput: Sendable {
        var name: String
        var services: String
        var feeStandard: String
        var approvedOn: String
    }

    /// The bureau adds a vetted institution to the approved list, with its services and fee standard (AS-11).
    static func addProvider(_ input: ProviderInput, _ actor: Actor, on db: any Database) async throws -> UUID {
        guard actor.isBureauAdmin else { throw AppError.forbidden }
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let services = input.services.trimmingCharacters(in: .whitespacesAndNewlines)
        let fee = input.feeStandard.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw AppError.invalid(field: "name", messageKey: "form.required", args: ["as.providerName"]) }
        guard name.count <= maxNameLength else { throw AppError.invalid(field: "name", messageKey: "form.tooLong", args: ["as.providerName", String(maxNameLength)]) }
        guard !services.isEmpty else { throw AppError.invalid(field: "services", messageKey: "form.required", args: ["as.services"]) }
        guard !fee.isEmpty else { throw AppError.invalid(field: "feeStandard", messageKey: "form.required", args: ["as.feeStandard"]) }
        for (field, text, label) in [("services", services, "as.services"), ("feeStandard", fee, "as.feeStandard")] where text.count > maxTextLength {
            throw AppError.invalid(field: field, messageKey: "form.tooLong", args: [label, String(maxTextLength)])
        }
        guard let approvedOn = LocalDate(iso: input.approvedOn.trimmingCharacters(in: .whitespaces)) else {
            throw AppError.invalid(field: "approvedOn", messageKey: "homework.badDate", args: ["as.approvedOn"])
        }
        let provider = AfterSchoolProvider()
        provider.districtId = actor.districtId
        provider.name = name
        provider.services = services
        provider.feeStandard = fee
        provider.approvedOn = approvedOn.iso
        provider.status = AfterSchoolProvider.Status.approved.rawValue
        do {
            try await db.writeTransaction { tx in
                guard try await AfterSchoolProvider.query(on: tx).filter(\.$districtId == actor.districtId).filter(\.$name == name).first() == nil else {
                    throw AppError.conflict(messageKey: "as.providerExists", args: [name])
                }
                try await provider.create(on: tx)
                try await tx.audit(actor, districtId: actor.districtId, schoolId: nil, action: "after_school.provider.approve", entity: AfterSchoolProvider.schema,
                                   entityId: provider.id, detail: ["name": name, "services": services, "fee": fee, "approvedOn": approvedOn.iso])
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw AppError.conflict(messageKey: "as.providerExists", args: [name])
        }
        return provider.id!
    }
}
