import JianfuCore
import Vapor

/// A table as a CSV file that Excel opens in Chinese: UTF-8 with a BOM, named in the reader's language.
enum CSVDownload {
    static func response(rows: [[String]], asciiName: String, displayName: String) -> Response {
        let response = Response(status: .ok, body: .init(data: SpreadsheetText.excelCSV(rows)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        let encoded = displayName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? asciiName
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(asciiName).csv\"; filename*=UTF-8''\(encoded).csv")
        return response
    }
}
