import CMPCore
import CMPFilter
import CMPOutput

/// `-T fields`: the `-e` fields and the `-E` layout.
struct FieldColumns {
    var fields: [MessageField]
    var layout: FieldsOutput

    func header() -> String { layout.headerLine(fields.map(\.name)) }

    func line(_ message: DissectedMessage) -> String {
        layout.line(fields.map { field in field.values(in: message).map(\.text) })
    }
}
