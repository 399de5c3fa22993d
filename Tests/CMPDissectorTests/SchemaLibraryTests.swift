@testable import CMPDissector
import XCTest

final class SchemaLibraryTests: XCTestCase {
    /// Every `.ref` in the library, and in its OID-dependent tables, names a type the library has,
    /// found alike by its hashed name and by its text.
    func testEveryReferenceResolves() {
        var names = Set<SchemaName>()
        var visited = 0
        func collect(_ schema: ASN1Schema, depth: Int = 0) {
            visited += 1
            guard depth < 64 else { return XCTFail("schema nesting without a .ref") }
            switch schema {
            case .ref(let name): names.insert(name)
            case .sequence(let fields), .choice(let fields): fields.forEach { collect($0.schema, depth: depth + 1) }
            case .sequenceOf(_, let element), .setOf(_, let element): collect(element, depth: depth + 1)
            case .summarized(let inner, _): collect(inner, depth: depth + 1)
            case .octetString(.encapsulated(let inner)): collect(inner, depth: depth + 1)
            default: break
            }
        }
        let tables = [SchemaLibrary.infoValues, SchemaLibrary.controlValues, SchemaLibrary.extensionValues,
                      SchemaLibrary.algorithmParameters, SchemaLibrary.contentTypes]
        SchemaLibrary.types.values.forEach { collect($0) }
        tables.forEach { $0.values.forEach { collect($0) } }
        XCTAssertGreaterThan(names.count, 50)
        for name in names {
            XCTAssertNotNil(SchemaLibrary.schema(named: name), name.text)
            XCTAssertNotNil(SchemaLibrary.schema(named: name.text), name.text)
        }
        XCTAssertNil(SchemaLibrary.schema(named: "NoSuchType"))
    }

    func testSchemaNamesCompareByText() {
        let literal: SchemaName = "PKIMessage"
        XCTAssertEqual(literal, SchemaName("PKI" + "Message"))
        XCTAssertEqual(literal.hashValue, SchemaName("PKI" + "Message").hashValue)
        XCTAssertNotEqual(literal, SchemaName("PKIMessages"))
        XCTAssertEqual(Set<SchemaName>(["a", "b", "a"]).count, 2)
    }
}
