/// Small conveniences every domain uses.
extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
