/// Why decoding stopped inside a PKIMessage: the field being read and the bytes at fault.
public struct CMPDecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// e.g. `PKIMessage.header.recipNonce`
    public var fieldPath: String
    /// Relative to the PKIMessage.
    public var range: ByteRange
    public var reason: String

    public init(fieldPath: String, range: ByteRange, reason: String) {
        self.fieldPath = fieldPath
        self.range = range
        self.reason = reason
    }

    public var description: String { "\(fieldPath) at offset \(range.lowerBound): \(reason)" }
}

/// The facts of one PKIMessage that the summary line and JSON report (DESIGN.md keys), decoded
/// without building the annotated tree.
public struct CMPMessageSummary: Hashable, Sendable {
    /// DER length of the PKIMessage (its outer TLV).
    public var length: Int
    public var pvno: Int?
    public var body: PKIBodyType?
    public var transactionID: [UInt8]?
    public var senderNonce: [UInt8]?
    public var recipNonce: [UInt8]?
    public var senderKID: [UInt8]?
    /// RFC 4514 text for a directoryName, else `kind:value` (`rfc822Name:ca@example.com`).
    public var sender: String?
    public var recipient: String?
    /// header.messageTime as its GeneralizedTime text.
    public var messageTime: String?
    /// Dotted OID of header.protectionAlg.
    public var protectionAlgorithm: String?
    public var isProtected: Bool
    /// Every PKIStatus in the body, in body order.
    public var statuses: [PKIStatus]
    /// Every failInfo bit set in the body's PKIStatusInfos, in bit order, without repeats.
    public var failInfo: [PKIFailureInfoBit]
    /// certReqIds of the body's requests or responses (CertReqMsg, CertResponse, CertStatus, PollReq/Rep).
    public var certReqIds: [Int]
    /// pollRep checkAfter values.
    public var checkAfter: [Int]
    /// Dotted OIDs of the InfoTypeAndValues in generalInfo and in genm/genp bodies.
    public var infoTypes: [String]
    /// Where decoding stopped, when it did: the facts above are what decoded before.
    public var error: CMPDecodeError?

    public init(length: Int) {
        self.length = length
        self.isProtected = false
        self.statuses = []
        self.failInfo = []
        self.certReqIds = []
        self.checkAfter = []
        self.infoTypes = []
    }
}

/// One CMP message through the whole pipeline: what renderers print.
public struct DissectedMessage: Sendable {
    /// 1-based position in output order.
    public var index: Int
    public var envelope: CMPEnvelope
    /// nil when the envelope carries no PKIMessage (TCP-Messaging control PDUs, HTTP errors).
    public var summary: CMPMessageSummary?
    /// Transport findings followed by decoding findings.
    public var findings: [Finding]
    /// The annotated tree, built only when asked for (`-V`).
    public var tree: DissectionNode?
    /// The transaction the analyzer put the message in (nil before analysis, or without a PKIMessage).
    public var transaction: TransactionRef?

    public init(index: Int, envelope: CMPEnvelope, summary: CMPMessageSummary?, findings: [Finding],
                tree: DissectionNode? = nil, transaction: TransactionRef? = nil) {
        self.index = index
        self.transaction = transaction
        self.envelope = envelope
        self.summary = summary
        self.findings = findings
        self.tree = tree
    }
}
