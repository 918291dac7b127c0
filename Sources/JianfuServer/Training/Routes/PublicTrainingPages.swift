import Fluent
import Foundation
import JianfuCore
import Vapor

/// The public lists without sign-in: a phone-friendly, printable page, the same as CSV, and (in the API) as JSON.
enum PublicTrainingPages {
    struct Entry: Encodable {
        let name: String
        let code: String
        let kind: String
        let mode: String
        let address: String
        let since: String
        let reason: String?
    }

    struct Section: Encodable {
        let id: String
        let title: String
        let entries: [Entry]
    }

    struct Page: Encodable {
        let layout: Layout
        let intro: String
        let sections: [Section]
        let csvHref: String
        let complainHref: String
        let updated: String
    }

    /// Reads the lists for a visitor the address limit admits.
    static func lists(_ req: Request) async throws -> (District, PublicTrainingLists.Lists) {
        guard req.application.trainingLists.admit(req.throttleAddress) else { throw AppError.tooManyAttempts }
        let district = try await PublicTrainingLists.district(code: try? req.query.get(String.self, at: "district"), on: req.db)
        return (district, try await req.application.trainingLists.lists(district.id!, on: req.db))
    }

    static func sections(_ lists: PublicTrainingLists.Lists, language: Language) -> [(PublicListing, [PublicTrainingLists.Entry])] {
        [PublicListing.white, .black, .grey].compactMap { list in
            let entries = lists.entries.filter { $0.list == list }
            return list == .grey && entries.isEmpty ? nil : (list, entries)
        }
    }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let (district, lists) = try await lists(req)
        let language = req.language
        let page = Page(
            layout: Layout(req, title: req.t("training.publicTitle")), intro: req.t("training.publicIntro", district.name),
            sections: sections(lists, language: language).map { list, entries in
                Section(id: "training-list-" + list.rawValue, title: req.t(list.labelKey), entries: entries.map {
                    Entry(name: $0.name, code: $0.creditCode, kind: req.t("training.kind." + $0.kind), mode: req.t("training.mode." + $0.mode),
                          address: $0.address, since: $0.since, reason: $0.reason)
                })
            },
            csvHref: TrainingPaths.publicCSV.path + "?district=\(district.code)",
            complainHref: TrainingPaths.publicComplaints.path + "?district=\(district.code)",
            updated: req.t("training.publicUpdated", LocalTime.minute(lists.readAt, zone: district.zone)))
        let response = try await req.view.render("training/public", page).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=\(Int(PublicTrainingLists.lifetime))")
        return response
    }

    @Sendable static func csv(_ req: Request) async throws -> Response {
        let (_, lists) = try await lists(req)
        let language = req.language
        let header = ["training.listingLabel", "training.name", "training.creditCode", "training.kindLabel", "training.modeLabel", "training.address",
                      "training.since", "training.reason"].map { Strings.text($0, language) }
        let rows = sections(lists, language: language).flatMap { list, entries in
            entries.map { entry in
                [Strings.text(list.labelKey, language), entry.name, entry.creditCode, Strings.text("training.kind." + entry.kind, language),
                 Strings.text("training.mode." + entry.mode, language), entry.address, entry.since, entry.reason ?? ""]
            }
        }
        let response = CSVDownload.response(rows: [header] + rows, asciiName: "training-lists", displayName: Strings.text("training.publicTitle", language))
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=\(Int(PublicTrainingLists.lifetime))")
        return response
    }
}
