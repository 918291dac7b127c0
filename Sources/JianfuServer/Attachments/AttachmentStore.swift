import Crypto
import Foundation
import Vapor

/// The attachments folder: each file under its content's SHA-256 (`ab/abcdef…`), written to a temporary name, synced
/// and renamed, so that a file is whole before any row names it and a crash leaves at most an unnamed leftover.
/// Files are never changed; the same content uploaded twice is one file; a file is deleted only when no row names it
/// any more (an erasure).
struct AttachmentStore: Sendable {
    let directory: String

    init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func path(of sha256: String) -> String { "\(directory)/\(sha256.prefix(2))/\(sha256)" }

    /// Writes the bytes and returns their SHA-256.
    func put(_ data: Data) throws -> String {
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let target = path(of: digest)
        if FileManager.default.fileExists(atPath: target) { return digest }
        try FileManager.default.createDirectory(atPath: "\(directory)/\(digest.prefix(2))", withIntermediateDirectories: true)
        let staging = "\(directory)/.upload-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: staging, contents: nil) else { throw Abort(.internalServerError, reason: "cannot write \(staging)") }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: staging))
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        if rename(staging, target) != 0 {
            try? FileManager.default.removeItem(atPath: staging)
            throw Abort(.internalServerError, reason: "cannot move an upload into place")
        }
        return digest
    }

    /// The digests of the kept files last written before `date`.
    func kept(before date: Date) -> Set<String> {
        let manager = FileManager.default
        var digests: Set<String> = []
        for shard in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] where !shard.hasPrefix(".") {
            for file in (try? manager.contentsOfDirectory(atPath: "\(directory)/\(shard)")) ?? [] {
                let written = (try? manager.attributesOfItem(atPath: "\(directory)/\(shard)/\(file)"))?[.modificationDate] as? Date
                if let written, written < date { digests.insert(file) }
            }
        }
        return digests
    }

    func remove(_ digests: Set<String>) {
        for digest in digests { try? FileManager.default.removeItem(atPath: path(of: digest)) }
    }

    /// Copies every kept file into `destination` (a backup's folder), leaving files already there as they are.
    func copyAll(to destination: String) throws -> Int {
        var copied = 0
        let manager = FileManager.default
        guard let shards = try? manager.contentsOfDirectory(atPath: directory) else { return 0 }
        for shard in shards where !shard.hasPrefix(".") {
            let files = (try? manager.contentsOfDirectory(atPath: "\(directory)/\(shard)")) ?? []
            try manager.createDirectory(atPath: "\(destination)/\(shard)", withIntermediateDirectories: true)
            for file in files where !manager.fileExists(atPath: "\(destination)/\(shard)/\(file)") {
                try manager.copyItem(atPath: "\(directory)/\(shard)/\(file)", toPath: "\(destination)/\(shard)/\(file)")
                copied += 1
            }
        }
        return copied
    }
}

extension Application {
    private struct AttachmentStoreKey: StorageKey { typealias Value = AttachmentStore }

    var attachments: AttachmentStore {
        get { storage[AttachmentStoreKey.self]! }
        set { storage[AttachmentStoreKey.self] = newValue }
    }
}
