/// One line of the annotated tree (`-V`): a field, its shown value, the bytes it came from, and
/// what it contains.
///
/// `range` is relative to the envelope's PKIMessage (DESIGN.md "coordinates are written down");
/// renderers add the stream offset when asked for absolute offsets.
public struct DissectionNode: Hashable, Sendable {
    /// The ASN.1 field name (`transactionID`, `certReqId`) or a structural label.
    public var name: String
    /// The value as shown (`cmp2000 (2)`, `3f2a…`), or nil for a container.
    public var value: String?
    /// The whole value when `value` is shortened for the text tree (long byte strings): JSON shows this.
    public var fullValue: String?
    public var range: ByteRange
    public var children: [DissectionNode]
    /// Findings that hang under this node, like tshark's expert info under its item.
    public var findings: [Finding]

    public init(_ name: String, value: String? = nil, range: ByteRange, children: [DissectionNode] = [],
                findings: [Finding] = [], fullValue: String? = nil) {
        self.name = name
        self.value = value
        self.fullValue = fullValue
        self.range = range
        self.children = children
        self.findings = findings
    }
}
