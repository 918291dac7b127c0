import Foundation
import JianfuCore

/// Charts drawn on the server as SVG: they print, need no script and reach every browser.
/// Every text that goes into a chart is escaped here.
enum Charts {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    struct Series {
        let label: String
        let cssClass: String
        let values: [Double?]
        let cap: Int
    }

    /// Lines of daily averages with each series' cap as a dashed line.
    static func trend(dates: [LocalDate], series: [Series], title: String) -> String {
        let width = 640.0, height = 240.0, left = 36.0, bottom = 28.0, top = 12.0, right = 12.0
        let maxValue = max(10, series.flatMap { $0.values.compactMap { $0 } + [Double($0.cap)] }.max() ?? 10) * 1.1
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ index: Int) -> Double { dates.count > 1 ? left + plotWidth * Double(index) / Double(dates.count - 1) : left + plotWidth / 2 }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - value / maxValue) }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\"><title>\(escape(title))</title>"
        for tick in stride(from: 0.0, through: maxValue, by: maxValue > 100 ? 30 : 15) {
            svg += "<line class=\"grid\" x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(number(y(tick)))\" y2=\"\(number(y(tick)))\"></line>"
            svg += "<text class=\"axis\" x=\"\(left - 4)\" y=\"\(number(y(tick) + 4))\" text-anchor=\"end\">\(Int(tick))</text>"
        }
        if let first = dates.first, let last = dates.last {
            svg += "<text class=\"axis\" x=\"\(left)\" y=\"\(height - 8)\">\(first.iso)</text>"
            svg += "<text class=\"axis\" x=\"\(width - right)\" y=\"\(height - 8)\" text-anchor=\"end\">\(last.iso)</text>"
        }
        for (index, line) in series.enumerated() {
            svg += "<line class=\"cap \(line.cssClass)\" x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(number(y(Double(line.cap))))\" y2=\"\(number(y(Double(line.cap))))\"></line>"
            let points = line.values.enumerated().compactMap { i, value in value.map { "\(number(x(i))),\(number(y($0)))" } }
            if points.count > 1 {
                svg += "<polyline class=\"series \(line.cssClass)\" points=\"\(points.joined(separator: " "))\"></polyline>"
            } else if let point = points.first {
                let parts = point.split(separator: ",")
                svg += "<circle class=\"series \(line.cssClass)\" cx=\"\(parts[0])\" cy=\"\(parts[1])\" r=\"3\"></circle>"
            }
            svg += "<text class=\"legend \(line.cssClass)\" x=\"\(left + 8)\" y=\"\(top + 10 + Double(index) * 14)\">\(escape(line.label))</text>"
        }
        return svg + "</svg>"
    }

    /// Vertical bars with their counts.
    static func bars(_ values: [(label: String, value: Int, cssClass: String)], title: String) -> String {
        let width = 640.0, height = 200.0, bottom = 36.0, top = 16.0
        let maxValue = Double(max(1, values.map(\.value).max() ?? 1))
        let slot = width / Double(max(1, values.count))
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\"><title>\(escape(title))</title>"
        for (index, bar) in values.enumerated() {
            let barHeight = (height - top - bottom) * Double(bar.value) / maxValue
            let x = Double(index) * slot + slot * 0.2
            let y = height - bottom - barHeight
            svg += "<rect class=\"bar \(bar.cssClass)\" x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(slot * 0.6))\" height=\"\(number(barHeight))\"></rect>"
            svg += "<text class=\"axis\" x=\"\(number(x + slot * 0.3))\" y=\"\(number(y - 4))\" text-anchor=\"middle\">\(bar.value)</text>"
            svg += "<text class=\"axis\" x=\"\(number(x + slot * 0.3))\" y=\"\(height - 12)\" text-anchor=\"middle\">\(escape(bar.label))</text>"
        }
        return svg + "</svg>"
    }

    struct HeatRow {
        let label: String
        let cells: [Int?]
        let cap: Int
    }

    /// The workload calendar: a row per class, a column per teaching day, shaded by load against the cap.
    static func heatMap(dates: [LocalDate], rows: [HeatRow], title: String) -> String {
        let cell = 14.0, labelWidth = 90.0, top = 22.0
        let width = labelWidth + cell * Double(max(1, dates.count)) + 4
        let height = top + cell * Double(rows.count) + 4
        var svg = "<svg class=\"chart heat\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\"><title>\(escape(title))</title>"
        for (index, date) in dates.enumerated() where index % 5 == 0 {
            svg += "<text class=\"axis\" x=\"\(number(labelWidth + cell * Double(index)))\" y=\"\(top - 8)\">\(date.month)/\(date.day)</text>"
        }
        for (r, row) in rows.enumerated() {
            let y = top + cell * Double(r)
            svg += "<text class=\"axis\" x=\"\(labelWidth - 6)\" y=\"\(number(y + cell - 3))\" text-anchor=\"end\">\(escape(row.label))</text>"
            for (c, minutes) in row.cells.enumerated() {
                let level: String
                switch minutes {
                case nil, 0?: level = "l0"
                case let m? where m > row.cap: level = "l3"
                case let m? where m * 2 <= row.cap: level = "l1"
                default: level = "l2"
                }
                svg += "<rect class=\"\(level)\" x=\"\(number(labelWidth + cell * Double(c)))\" y=\"\(number(y))\" width=\"\(cell - 2)\" height=\"\(cell - 2)\"><title>\(dates[c].iso): \(minutes ?? 0)/\(row.cap)</title></rect>"
            }
        }
        return svg + "</svg>"
    }
}
