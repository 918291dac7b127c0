import Fluent
import Foundation
import Vapor

/// The signed-in person with everything access checks need, loaded once per request.
struct Actor: Sendable, Authenticatable {
    struct Membership: Sendable, Codable {
        let role: Role
        let districtId: UUID
        let schoolId: UUID?
        let gradeId: UUID?
        let subjectId: UUID?
        let classId: UUID?
    }

    struct Teaching: Sendable {
        let classId: UUID
        let schoolId: UUID
        let subjectId: UUID
    }

    struct Child: Sendable {
        let studentId: UUID
        let classId: UUID
        let schoolId: UUID
        let name: String
    }

    let userId: UUID
    let districtId: UUID
    let username: String
    let displayName: String
    let memberships: [Membership]
    let teaching: [Teaching]
    let children: [Child]
    /// Where the request came from, for the audit trail.
    var address: String? = nil

    func has(_ role: Role) -> Bool { memberships.contains { $0.role == role } }

    var isDistrictWide: Bool { memberships.contains { $0.role.isDistrictWide } }
    var isBureauAdmin: Bool { has(.bureauAdmin) }

    /// Schools where the person holds a staff role or teaches.
    var staffSchoolIds: Set<UUID> {
        Set(memberships.filter { $0.role != .parent && !$0.role.isDistrictWide }.compactMap(\.schoolId))
            .union(teaching.map(\.schoolId))
    }

    var adminSchoolIds: Set<UUID> {
        Set(memberships.filter { $0.role == .schoolAdmin }.compactMap(\.schoolId))
    }

    func canSee(schoolId: UUID, districtId: UUID) -> Bool {
        guard districtId == self.districtId else { return false }
        return isDistrictWide || staffSchoolIds.contains(schoolId) || children.contains { $0.schoolId == schoolId }
    }

    /// May manage the school: its people, its roster imports.
    func canAdminister(schoolId: UUID, districtId: UUID) -> Bool {
        guard districtId == self.districtId else { return false }
        return isBureauAdmin || adminSchoolIds.contains(schoolId)
    }

    /// May see the class's whole roster: staff whose role covers the class.
    func canSeeRoster(of c: ClassScope) -> Bool {
        guard c.districtId == districtId else { return false }
        if isDistrictWide { return true }
        return memberships.contains { m in
            switch m.role {
            case .schoolAdmin, .subjectLeader: m.schoolId == c.schoolId
            case .gradeLeader: m.schoolId == c.schoolId && m.gradeId == c.gradeId
            case .headTeacher: m.classId == c.classId
            default: false
            }
        } || teaching.contains { $0.classId == c.classId }
    }

    /// A parent sees the class of their own child, and in it only their own child.
    func isGuardian(in classId: UUID) -> Bool {
        children.contains { $0.classId == classId }
    }
}

/// Where a class sits, the facts every access check on it needs.
struct ClassScope: Sendable {
    let classId: UUID
    let districtId: UUID
    let schoolId: UUID
    let gradeId: UUID
}

extension Request {
    var actor: Actor? { auth.get(Actor.self) }

    /// The client's address, and the proxy's where one forwarded the request.
    var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        guard let forwarded = headers.first(name: .xForwardedFor)?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces),
              !forwarded.isEmpty else { return peer }
        return "\(forwarded) via \(peer)"
    }

    /// The address a per-visitor limit counts: the peer, or behind a proxy on this machine or the local network (nginx in
    /// front of two instances) the client it forwarded for. A forwarded address from anywhere else is not believed.
    var throttleAddress: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        let local = peer == "::1" || peer.hasPrefix("127.") || peer.hasPrefix("10.") || peer.hasPrefix("192.168.")
            || (peer.hasPrefix("172.") && peer.split(separator: ".").dropFirst().first.flatMap { Int($0) }.map { (16...31).contains($0) } == true)
        guard local, let forwarded = headers.first(name: .xForwardedFor)?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
              !forwarded.isEmpty else { return peer }
        return forwarded
    }

    func requireActor() throws -> Actor {
        guard let actor else { throw AppError.unauthenticated }
        return actor
    }
}
