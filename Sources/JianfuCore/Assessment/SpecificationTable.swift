/// 命题双向细目表: knowledge points down the side, cognitive levels across,
/// the points of the paper in the cells, with the totals the teacher states.
public struct SpecificationTable: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public let point: String
        public let cells: [Double]
        public let total: Double

        public init(point: String, cells: [Double], total: Double) {
            self.point = point
            self.cells = cells
            self.total = total
        }
    }

    public let rows: [Row]
    public let total: Double

    public init(rows: [Row], total: Double) {
        self.rows = rows
        self.total = total
    }

    public enum Problem: Sendable, Equatable {
        case noRows
        case unnamedPoint(row: Int)
        case wrongCellCount(row: Int, expected: Int)
        case negativeCell(row: Int)
        case rowDoesNotAddUp(row: Int, stated: Double, sum: Double)
        case rowsDoNotAddUp(stated: Double, sum: Double)
        case notTheFullMark(total: Double, fullMarks: Int)
    }

    /// Points per cognitive level, down the columns.
    public var columnTotals: [Double] {
        guard let width = rows.first?.cells.count else { return [] }
        return (0..<width).map { column in rows.reduce(0) { $0 + ($1.cells.count > column ? $1.cells[column] : 0) } }
    }

    /// The first thing wrong with the table for a paper of `fullMarks` with `levels` columns, or nil.
    public func problem(levels: Int, fullMarks: Int) -> Problem? {
        guard !rows.isEmpty else { return .noRows }
        for (index, row) in rows.enumerated() {
            let number = index + 1
            if row.point.allSatisfy(\.isWhitespace) { return .unnamedPoint(row: number) }
            if row.cells.count != levels { return .wrongCellCount(row: number, expected: levels) }
            if row.cells.contains(where: { $0 < 0 }) || row.total < 0 { return .negativeCell(row: number) }
            let sum = row.cells.reduce(0, +)
            if !Self.same(sum, row.total) { return .rowDoesNotAddUp(row: number, stated: row.total, sum: sum) }
        }
        let sum = rows.reduce(0) { $0 + $1.total }
        if !Self.same(sum, total) { return .rowsDoNotAddUp(stated: total, sum: sum) }
        if !Self.same(total, Double(fullMarks)) { return .notTheFullMark(total: total, fullMarks: fullMarks) }
        return nil
    }

    /// Points are whole or half marks; compare without binary-fraction noise.
    static func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 0.001 }
}
