import CMPCore
import CMPMessages

extension TreeWalker {
    /// The TLV structure of an element with no type applied: what unknown values, vendor extensions
    /// and everything after damage are shown as. Universal primitives still get their natural reading
    /// (numbers, OIDs by name, strings, times); nesting is bounded by the scanner's depth limit.
    mutating func raw(_ tlv: TLV, _ path: FieldPath, name: String? = nil) -> DissectionNode {
        let label = name ?? TLVText.tagText(tlv)
        var node = DissectionNode(label, range: tlv.range, findings: encodingFindings(tlv, path))
        if name != nil, tlv.tagClass != 0 || !tlv.isConstructed {
            node.value = TLVText.tagText(tlv)
        }
        if tlv.isConstructed {
            var children = TLVChildren(of: tlv)
            var nodes = [DissectionNode]()
            rawRest(&children, path, into: &nodes)
            node.children = nodes
            return node
        }
        guard tlv.isComplete else {
            node.findings.append(fail(tlv.range, path, scanner.truncation(tlv.declaredEnd)))
            node.value = "(truncated: \(tlv.contentEnd - tlv.contentStart) of \(tlv.declaredEnd - tlv.contentStart) bytes)"
            return node
        }
        var reading = DissectionNode(label, range: tlv.range)
        let content = tlv.contentRange
        switch (tlv.tagClass, tlv.tagNumber) {
        case (0, 1):
            reading.value = content.count == 1 ? (bytes[content.lowerBound] == 0 ? "False" : "True") : nil
        case (0, 2), (0, 10):
            reading.value = ASN1Primitive.int(bytes, content).map(String.init)
        case (0, 5):
            reading.value = "NULL"
        case (0, 6):
            reading.value = OIDTable.label(content: bytes[content])
        case (0, 23), (0, 24):
            reading.value = Self.time(String(decoding: bytes[content], as: UTF8.self), utc: tlv.tagNumber == 23)
        case (0, let number) where [12, 18, 19, 20, 22, 26, 28, 30].contains(number):
            reading.value = Self.text(tlv, bytes)
        default:
            break
        }
        if reading.value == nil { setBytes(&reading, content) }
        if let value = reading.value {
            let tag = TLVText.tagText(tlv)
            node.value = name != nil && value != tag ? "\(tag): \(value)" : value
        }
        node.fullValue = reading.fullValue
        return node
    }

    /// A container's shown value from its content.
    func summarize(_ node: DissectionNode, _ tlv: TLV, _ summary: ASN1Schema.Summary, path: FieldPath) -> String? {
        switch summary {
        case .child(let path):
            return node.value(at: path.names[...])
        case .count:
            let count = node.children.count { !$0.name.hasPrefix("[") }
            return count == 1 ? "1 item" : "\(count) items"
        case .directoryName:
            guard tlv.isComplete, let text = DirectoryNameText.text(of: tlv, in: bytes, scanner: scanner, cache: caches.names) else { return nil }
            return text.isEmpty ? "(empty: NULL-DN)" : text
        case .generalName:
            guard tlv.isComplete, let text = GeneralNameText.text(of: tlv, in: bytes, scanner: scanner, depth: tlv.depth, cache: caches.names) else { return nil }
            return text.isEmpty ? "(empty: NULL-DN)" : text
        case .publicKey:
            return publicKeySummary(node)
        case .replyLanguage:
            return replyLanguageSummary(node)
        case .suppLangTags:
            return suppLangTagsSummary(node, path: path)
        }
    }

    /// `id-ecPublicKey, prime256v1` or `rsaEncryption, 2048 bits`: the algorithm with the curve or
    /// the modulus size (RFC 5480 ECParameters, RFC 8017 RSAPublicKey inside the BIT STRING).
    func publicKeySummary(_ node: DissectionNode) -> String? {
        guard let algorithm = node.find("algorithm") else { return nil }
        let name = algorithm.find("algorithm")?.value.map(Self.shortName) ?? "?"
        if let curve = algorithm.find("parameters", "namedCurve")?.value {
            return "\(name), \(Self.shortName(curve))"
        }
        guard let key = node.find("subjectPublicKey"), key.range.count > 0 else { return name }
        // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }, after the unused-bits octet.
        guard let bits = try? scanner.read(at: key.range.lowerBound, limit: key.range.upperBound, depth: 8),
              bits.contentRange.count > 1,
              let sequence = try? scanner.read(at: bits.contentStart + 1, limit: bits.contentEnd, depth: 9),
              sequence.isUniversal(16), sequence.isComplete,
              let modulus = try? scanner.read(at: sequence.contentStart, limit: sequence.contentEnd, depth: 10),
              modulus.isUniversal(2), modulus.isComplete
        else {
            guard let bits = try? scanner.read(at: key.range.lowerBound, limit: key.range.upperBound, depth: 8),
                  bits.contentRange.count > 1
            else { return name }
            return "\(name), \(bits.contentRange.count - 1)-byte key"
        }
        var content = modulus.contentRange
        while content.count > 1, bytes[content.lowerBound] == 0 { content = (content.lowerBound + 1)..<content.upperBound }
        guard let first = content.first else { return name }
        let bitCount = (content.count - 1) * 8 + (8 - bytes[first].leadingZeroBitCount)
        return "\(name), \(bitCount) bits"
    }

    /// `prime256v1` from `prime256v1 (1.2.840.10045.3.1.7)`.
    static func shortName(_ label: String) -> String {
        guard let space = label.utf8.firstIndex(of: 0x20) else { return label }
        return String(label[..<space])
    }
}

extension DissectionNode {
    /// The node reached by following child names (`find("header", "pvno")`), if there is one.
    public func find(_ path: String...) -> DissectionNode? {
        var current = self
        for name in path {
            guard let child = current.children.first(where: { $0.name == name }) else { return nil }
            current = child
        }
        return current
    }

    /// The value of the node a path of child names (`algorithm`, `algorithm`) leads to.
    func value(at path: ArraySlice<String>) -> String? {
        guard let name = path.first else { return value }
        guard let index = children.firstIndex(where: { $0.name == name }) else { return nil }
        return children[index].value(at: path.dropFirst())
    }
}
