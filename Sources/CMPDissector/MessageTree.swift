import CMPCore

/// The annotated tree of one PKIMessage, its encoding findings, and where decoding stopped.
public struct MessageTree: Sendable {
    /// `PKIMessage` with every field below it; ranges are PKIMessage offsets.
    public var root: DissectionNode
    /// Encoding findings (BER, wrong tagging, malformed, trailing data, unknown body), in byte order of discovery.
    public var findings: [Finding]
    /// The first damage, when there was any: the tree shows typed fields up to it and raw TLVs after.
    public var error: CMPDecodeError?
}
