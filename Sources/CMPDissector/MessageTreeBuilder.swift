import CMPCore
import CMPMessages

/// Builds the `-V` tree of a PKIMessage (RFC 9810 / RFC 4211 / RFC 5280 shapes from `SchemaLibrary`).
///
/// Never throws or traps: BER is accepted and named (`asn1.ber.*`), a wrong tagging form is named
/// (`asn1.wrong-tagging`), damage gives the typed tree up to it, then the raw TLV structure of what
/// follows, with `asn1.malformed` naming the offset and field path. Bytes after the message are a raw
/// node plus `asn1.trailing-data`; an unknown body tag is `cmp.body.unknown` with its bytes shown.
public struct MessageTreeBuilder: Sendable {
    public var limits: Limits
    /// Whether a value the text tree shortens (long byte strings) also keeps its whole text in
    /// `DissectionNode.fullValue`, which JSON shows; the text tree does not need it, and the hex of
    /// every signature and key was a good part of building a tree.
    public var keepsFullValues = true
    /// Kept across the messages this builder decodes (see `TreeCaches`).
    let caches = TreeCaches()

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    public func build(_ der: [UInt8]) -> MessageTree {
        var walker = TreeWalker(bytes: der, limits: limits, caches: caches)
        walker.keepsFullValues = keepsFullValues
        let scanner = TLVScanner(bytes: der, maxDepth: limits.maxASN1Depth)
        var root: DissectionNode
        var end = der.count
        let rootPath = FieldPath(root: "PKIMessage")
        do {
            let message = try scanner.read(at: 0, limit: der.count, depth: 0)
            end = message.end
            if message.isUniversal(16), message.isConstructed, let schema = SchemaLibrary.schema(named: "PKIMessage") {
                root = walker.decode(message, name: "PKIMessage", schema: schema, path: rootPath, oid: nil, implicitTag: false)
                flagUnknownBody(in: &root, walker: &walker)
            } else {
                root = walker.raw(message, rootPath, name: "PKIMessage")
                root.findings.append(walker.fail(message.range, rootPath, "expected SEQUENCE, found \(TLVText.tagText(message))"))
            }
        } catch {
            root = DissectionNode("PKIMessage", range: ByteRange(0..<der.count))
            root.findings.append(walker.fail(error.range, rootPath, error.reason))
            if !der.isEmpty { root.value = ASN1HexPreview.text(der) }
            end = der.count
        }
        if end < der.count {
            let trailing = ByteRange(lowerBound: end, upperBound: der.count)
            let finding = walker.note(.asn1TrailingData, .warning, "\(trailing.count) bytes follow the PKIMessage", trailing)
            var node = DissectionNode("[trailing data]", range: trailing, findings: [finding])
            var extra = DissectionNode("", range: trailing)
            walker.setBytes(&extra, end..<der.count)
            node.value = extra.value
            node.fullValue = extra.fullValue
            root = DissectionNode(root.name, value: root.value, range: root.range, children: root.children,
                                  findings: root.findings, fullValue: root.fullValue)
            return MessageTree(root: root, trailing: node, findings: walker.findings, error: walker.error)
        }
        return MessageTree(root: root, findings: walker.findings, error: walker.error)
    }

    /// An unknown PKIBody alternative keeps its bytes (raw) and gets `cmp.body.unknown`.
    private func flagUnknownBody(in root: inout DissectionNode, walker: inout TreeWalker) {
        guard let index = root.children.firstIndex(where: { $0.name == "body" }) else { return }
        let body = root.children[index]
        guard body.children.first?.name == "unknown" else { return }
        let finding = walker.note(.cmpBodyUnknown, .warning, "PKIBody alternative \(body.value ?? "") is not in RFC 9810",
                                  body.range)
        root.children[index].findings.append(finding)
    }
}

extension MessageTree {
    init(root: DissectionNode, trailing: DissectionNode, findings: [Finding], error: CMPDecodeError?) {
        var wrapper = DissectionNode("PKIMessage (with trailing data)", range: ByteRange(lowerBound: root.range.lowerBound, upperBound: trailing.range.upperBound))
        wrapper.children = [root, trailing]
        self.init(root: wrapper, findings: findings, error: error)
    }
}

/// A short hex preview of undecodable input.
enum ASN1HexPreview {
    static func text(_ bytes: [UInt8]) -> String {
        let shown = Swift.min(bytes.count, TreeWalker.shownBytes)
        return ASN1Primitive.hex(bytes, 0..<shown) + (shown < bytes.count ? "… (\(bytes.count) bytes)" : "")
    }
}
