import CMPCore
import CMPMessages

extension TreeWalker {
    /// Whether `tlv` can be the field (its tag, or for an untagged field its type's tag).
    func matches(_ tlv: TLV, _ field: SchemaField) -> Bool {
        switch field.tagging {
        case .explicit(let number), .implicit(let number): return tlv.isContext(number)
        case .untagged: return matches(tlv, field.schema)
        }
    }

    func matches(_ tlv: TLV, _ schema: ASN1Schema) -> Bool {
        switch schema {
        case .sequence, .sequenceOf: return tlv.isUniversal(16)
        case .setOf: return tlv.isUniversal(17)
        case .choice(let alternatives): return alternatives.contains { matches(tlv, $0) }
        case .integer: return tlv.isUniversal(2)
        case .enumerated: return tlv.isUniversal(10)
        case .bitString: return tlv.isUniversal(3)
        case .octetString: return tlv.isUniversal(4)
        case .objectIdentifier: return tlv.isUniversal(6)
        case .boolean: return tlv.isUniversal(1)
        case .null: return tlv.isUniversal(5)
        case .string, .freeTextString, .languageTag:
            return tlv.tagClass == 0 && [12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 30].contains(tlv.tagNumber)
        case .time: return tlv.isUniversal(23) || tlv.isUniversal(24)
        case .any, .byOID: return true
        case .ref(let name): return SchemaLibrary.schema(named: name).map { matches(tlv, $0) } ?? true
        case .summarized(let inner, _): return matches(tlv, inner)
        }
    }

    /// Whether the type is encoded constructed (for telling a wrong IMPLICIT/EXPLICIT form).
    func isConstructedType(_ schema: ASN1Schema) -> Bool? {
        switch schema {
        case .sequence, .sequenceOf, .setOf: return true
        case .integer, .enumerated, .bitString, .octetString, .objectIdentifier, .boolean, .null, .string, .freeTextString,
             .languageTag, .time:
            return false
        case .ref(let name): return SchemaLibrary.schema(named: name).flatMap { isConstructedType($0) }
        case .summarized(let inner, _): return isConstructedType(inner)
        case .choice, .any, .byOID: return nil
        }
    }

    /// The node for `field`, whose TLV `tlv` matched it.
    mutating func decode(_ tlv: TLV, field: SchemaField, path: FieldPath, oid: String?) -> DissectionNode {
        let path = path.field(field.name)
        switch field.tagging {
        case .untagged:
            return decode(tlv, name: field.name, schema: field.schema, path: path, oid: oid, implicitTag: false)
        case .implicit:
            if let constructed = isConstructedType(field.schema), constructed != tlv.isConstructed {
                if tlv.isConstructed {
                    // An explicit wrapper where the implicit tag was due: decode what it wraps, and say so.
                    var children = TLVChildren(of: tlv)
                    var nodes = [DissectionNode]()
                    let wrong = note(.asn1WrongTagging, .warning,
                                     "\(path): [\(tlv.tagNumber)] is IMPLICIT here (RFC 4211 module) but was encoded as an explicit, constructed tag",
                                     tlv.range)
                    if let inner = next(&children, path, into: &nodes), matches(inner, field.schema) {
                        var node = decode(inner, name: field.name, schema: field.schema, path: path, oid: oid, implicitTag: false)
                        node.range = tlv.range
                        node.findings.insert(wrong, at: 0)
                        return node
                    }
                    var node = raw(tlv, path, name: field.name)
                    node.findings.insert(wrong, at: 0)
                    return node
                }
                let finding = fail(tlv.range, path, "[\(tlv.tagNumber)] must be constructed")
                var node = raw(tlv, path, name: field.name)
                node.findings.append(finding)
                return node
            }
            return decode(tlv, name: field.name, schema: field.schema, path: path, oid: oid, implicitTag: true)
        case .explicit:
            var nodes = [DissectionNode]()
            guard tlv.isConstructed else {
                let finding = note(.asn1WrongTagging, .warning,
                                   "\(path): [\(tlv.tagNumber)] is EXPLICIT here but was encoded primitive (implicitly)", tlv.range)
                var node = decode(tlv, name: field.name, schema: field.schema, path: path, oid: oid, implicitTag: true)
                node.findings.insert(finding, at: 0)
                return node
            }
            let berFindings = encodingFindings(tlv, path)
            var children = TLVChildren(of: tlv)
            guard let inner = next(&children, path, into: &nodes) else {
                if nodes.isEmpty {
                    let finding = fail(tlv.range, path, "empty explicit tag [\(tlv.tagNumber)]")
                    return DissectionNode(field.name, range: tlv.range, findings: berFindings + [finding])
                }
                return DissectionNode(field.name, range: tlv.range, children: nodes, findings: berFindings)
            }
            var node: DissectionNode
            if matches(inner, field.schema) {
                node = decode(inner, name: field.name, schema: field.schema, path: path, oid: oid, implicitTag: false)
            } else {
                let finding = fail(inner.range, path, "unexpected \(TLVText.tagText(inner)) inside [\(tlv.tagNumber)]")
                node = raw(inner, path, name: field.name)
                node.findings.append(finding)
            }
            node.range = tlv.range
            if !berFindings.isEmpty { node.findings = berFindings + node.findings }
            node.children += nodes
            if !children.isExhausted {
                _ = fail(ByteRange(lowerBound: children.position, upperBound: children.end), path,
                         "more than one element inside explicit [\(tlv.tagNumber)]")
                rawRest(&children, path, into: &node.children)
            }
            return node
        }
    }

    /// The node for a TLV of the given type (its tag already checked, or replaced by an implicit one).
    mutating func decode(_ tlv: TLV, name: String, schema: ASN1Schema, path: FieldPath, oid: String?,
                         implicitTag: Bool) -> DissectionNode {
        switch schema {
        case .ref(let type):
            guard let resolved = SchemaLibrary.schema(named: type) else { return raw(tlv, path, name: name) }
            let findingsBefore = findings.count
            var node = decode(tlv, name: name, schema: resolved, path: path, oid: oid, implicitTag: implicitTag)
            if !implicitTag { interop(&node, tlv, type: type, findingsBefore: findingsBefore) }
            return node
        case .byOID(let table):
            let resolved = oid.flatMap { SchemaLibrary.schema(for: $0, in: table) } ?? .any
            if case .any = resolved { return raw(tlv, path, name: name) }
            guard implicitTag || matches(tlv, resolved) else {
                var node = raw(tlv, path, name: name)
                if case .attributeValue = table { return node }
                node.findings.append(fail(tlv.range, path, "\(TLVText.tagText(tlv)) is not the type \(oid.map(OIDTable.label) ?? "") defines"))
                return node
            }
            return decode(tlv, name: name, schema: resolved, path: path, oid: oid, implicitTag: implicitTag)
        case .summarized(let inner, let summary):
            var node = decode(tlv, name: name, schema: inner, path: path, oid: oid, implicitTag: implicitTag)
            if let text = summarize(node, tlv, summary, path: path) { node.value = text }
            return node
        case .choice(let alternatives):
            guard let index = alternatives.firstIndex(where: { matches(tlv, $0) }) else {
                var node = raw(tlv, path, name: name)
                node.findings.append(fail(tlv.range, path, "\(TLVText.tagText(tlv)) is no alternative of the CHOICE"))
                return node
            }
            let alternative = alternatives[index]
            let inner = decode(tlv, field: alternative, path: path, oid: oid)
            // An open CHOICE's catch-all (PKIBody's unknown tags) is shown by its tag.
            let value = alternative.name == Self.unknownAlternative
                ? TLVText.tagText(tlv) : "\(alternative.name) (\(Self.choiceNumber(alternative, index)))"
            return DissectionNode(name, value: value, range: tlv.range, children: [inner])
        case .any:
            return raw(tlv, path, name: name)
        default:
            break
        }
        if tlv.isConstructed != (isConstructedType(schema) ?? tlv.isConstructed) {
            var node = raw(tlv, path, name: name)
            // raw() names the BER; a constructed string is BER, not damage.
            if !(tlv.isConstructed && Self.stringTags.contains(tlv.tagNumber)) {
                node.findings.append(fail(tlv.range, path, tlv.isConstructed ? "constructed where a primitive value is due" : "primitive where a constructed value is due"))
            }
            return node
        }
        let ber = encodingFindings(tlv, path)
        var node: DissectionNode
        switch schema {
        case .sequence(let fields):
            node = sequence(tlv, name: name, fields: fields, path: path)
        case .sequenceOf(let label, let element), .setOf(let label, let element):
            node = list(tlv, name: name, label: label, element: element, path: path, oid: oid)
        default:
            node = primitive(tlv, name: name, schema: schema, path: path, oid: oid)
        }
        if !ber.isEmpty { node.findings = ber + node.findings }
        return node
    }

    /// The name of the last, catch-all alternative of an open CHOICE.
    static let unknownAlternative = "unknown"

    /// tshark numbers a CHOICE by its alternative's tag when tagged, else by its position.
    static func choiceNumber(_ field: SchemaField, _ index: Int) -> Int {
        switch field.tagging {
        case .explicit(let number), .implicit(let number): return number
        case .untagged: return index
        }
    }

    mutating func sequence(_ tlv: TLV, name: String, fields: [SchemaField], path: FieldPath) -> DissectionNode {
        var children = TLVChildren(of: tlv)
        var nodes = [DissectionNode]()
        // One allocation for the usual case, every field present (growing from empty reallocated
        // and moved the nodes at 1, 2, 4, ...: 2.6% of building a tree).
        nodes.reserveCapacity(fields.count)
        var lastOID: String?
        readFailed = false
        var pending: TLV? = next(&children, path, into: &nodes)
        for field in fields {
            guard let current = pending else {
                if !field.isOptional, !readFailed {
                    let at = ByteRange(lowerBound: tlv.contentEnd, upperBound: tlv.contentEnd)
                    let finding = fail(at, path.field(field.name), "missing \(field.name)")
                    nodes.append(DissectionNode("[missing \(field.name)]", range: at, findings: [finding]))
                }
                break
            }
            guard matches(current, field) else {
                if field.isOptional { continue }
                let finding = fail(current.range, path.field(field.name), "expected \(field.name), found \(TLVText.tagText(current))")
                var node = raw(current, path, name: "[unexpected]")
                node.findings.append(finding)
                nodes.append(node)
                rawRest(&children, path, into: &nodes)
                return DissectionNode(name, range: tlv.range, children: nodes)
            }
            let node = decode(current, field: field, path: path, oid: lastOID)
            if case .objectIdentifier = field.schema, let dotted = ASN1Primitive.dottedOID(bytes, current.contentRange) {
                lastOID = dotted
            }
            nodes.append(node)
            pending = next(&children, path, into: &nodes)
        }
        if let extra = pending {
            nodes.append(raw(extra, path, name: "[extension]"))
            rawRest(&children, path, into: &nodes)
        }
        return DissectionNode(name, range: tlv.range, children: nodes)
    }

    mutating func list(_ tlv: TLV, name: String, label: String, element: ASN1Schema, path: FieldPath, oid: String?) -> DissectionNode {
        var children = TLVChildren(of: tlv)
        var nodes = [DissectionNode]()
        var index = 0
        while let item = next(&children, path, into: &nodes) {
            let itemPath = path.item(index)
            if matches(item, element) {
                nodes.append(decode(item, name: label, schema: element, path: itemPath, oid: oid, implicitTag: false))
            } else {
                var node = raw(item, itemPath, name: label)
                node.findings.append(fail(item.range, itemPath, "\(TLVText.tagText(item)) is not a \(label)"))
                nodes.append(node)
            }
            index += 1
        }
        let count = nodes.count { !$0.name.hasPrefix("[") }
        return DissectionNode(name, value: count == 1 ? "1 item" : "\(count) items", range: tlv.range, children: nodes)
    }
}
