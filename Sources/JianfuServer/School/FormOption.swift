/// One choice of a form's select list, as every page renders it.
struct FormOption: Encodable {
    let value: String
    let label: String
    let selected: Bool
}
