import CMPCore

/// The positional walk behind `CMPSummaryDecoder`: reads PKIMessage, PKIHeader and the body fields
/// the summary reports, in order, and stops at the first damage with a `CMPDecodeError`.
///
/// Facts are written into `summary` as soon as their TLV is complete, so on a prefix of a message
/// the summary holds exactly the facts that precede the cut. Field paths are built only when an
/// error is thrown (closures), so a body with many entries costs no string work.
struct SummaryWalk {
    typealias Path = () -> String

    let bytes: [UInt8]
    let scanner: TLVScanner
    var summary: CMPMessageSummary
    var findings: [Finding] = []
    /// failInfo bits seen so far; reported sorted, so every prefix reports a subset.
    var failBits = Set<Int>()

    /// Bits beyond RFC 9810's 27 that one message may report: a 1 MiB BIT STRING of ones would
    /// otherwise turn into 8 million numbers.
    static let maxUnknownFailBits = FailInfoBits.maxUnknownBits

    /// The decoder's name texts (see `NameTextCache`); nil computes every name.
    let names: NameTextCache?

    init(bytes: [UInt8], limits: Limits, names: NameTextCache? = nil) {
        self.bytes = bytes
        self.names = names
        scanner = TLVScanner(bytes: bytes, maxDepth: limits.maxASN1Depth)
        summary = CMPMessageSummary(length: bytes.count)
    }

    mutating func run() {
        do {
            try walkMessage()
        } catch {
            summary.error = error
            findings.append(Finding(.asn1Malformed, error.description, at: .message(error.range)))
        }
        summary.failInfo = failBits.sorted().map { PKIFailureInfoBit(rawValue: $0) }
    }

    /// `PKIMessage ::= SEQUENCE { header PKIHeader, body PKIBody, protection [0] PKIProtection OPTIONAL,
    /// extraCerts [1] SEQUENCE SIZE (1..MAX) OF CMPCertificate OPTIONAL }` (RFC 9810 §5.1).
    private mutating func walkMessage() throws(CMPDecodeError) {
        let message = try read(at: 0, limit: bytes.count, depth: 0) { "PKIMessage" }
        if message.isComplete { summary.length = message.end }
        guard message.isUniversal(TLV.sequence), message.isConstructed else {
            throw mismatch(message, expected: "SEQUENCE") { "PKIMessage" }
        }
        if message.isComplete, message.end < bytes.count {
            let trailing = ByteRange(lowerBound: message.end, upperBound: bytes.count)
            findings.append(Finding(.asn1TrailingData, "\(trailing.count) bytes follow the PKIMessage",
                                    at: .message(trailing)))
        }
        var fields = TLVChildren(of: message)
        let header = try expect(&fields, universal: TLV.sequence, "PKIHeader") { "PKIMessage.header" }
        try walkHeader(header)
        guard let body = try next(&fields, { "PKIMessage.body" }) else {
            throw missing(at: fields.end, "PKIBody") { "PKIMessage.body" }
        }
        guard body.tagClass == 2, body.isConstructed else {
            throw mismatch(body, expected: "a PKIBody [0]..[26]") { "PKIMessage.body" }
        }
        let type = PKIBodyType(rawValue: body.tagNumber)
        summary.body = type
        if !type.isKnown {
            findings.append(Finding(.cmpBodyUnknown, "PKIBody alternative [\(body.tagNumber)] is not in RFC 9810",
                                    at: .message(body.range)))
        }
        try walkBody(body, type: type)
        // protection and extraCerts are skipped by length: never parse 100,000 certificates to summarise.
        while let field = try next(&fields, { "PKIMessage" }) {
            if field.isContext(0) { summary.isProtected = true }
        }
    }

    /// `PKIHeader ::= SEQUENCE { pvno INTEGER, sender GeneralName, recipient GeneralName,
    /// messageTime [0] … transactionID [4] … generalInfo [8] … }` (RFC 9810 §5.1.1), EXPLICIT tags.
    private mutating func walkHeader(_ header: TLV) throws(CMPDecodeError) {
        var fields = TLVChildren(of: header)
        let pvno = try expect(&fields, universal: TLV.integer, "pvno INTEGER") { "PKIMessage.header.pvno" }
        summary.pvno = try integer(pvno) { "PKIMessage.header.pvno" }
        summary.sender = try generalName(&fields) { "PKIMessage.header.sender" }
        summary.recipient = try generalName(&fields) { "PKIMessage.header.recipient" }
        while let field = try next(&fields, { "PKIMessage.header" }) {
            guard field.tagClass == 2, field.tagNumber < Self.headerFieldNames.count else { continue }
            let name = Self.headerFieldNames[field.tagNumber]
            let path: Path = { "PKIMessage.header.\(name)" }
            switch field.tagNumber {
            case 0:
                let time = try explicitInner(field, path)
                summary.messageTime = String(decoding: bytes[try content(time, path)], as: UTF8.self)
            case 1:
                let identifier = try explicitInner(field, path)
                guard identifier.isUniversal(TLV.sequence), identifier.isConstructed else {
                    throw mismatch(identifier, expected: "AlgorithmIdentifier", path)
                }
                var algorithm = TLVChildren(of: identifier)
                let oid = try expect(&algorithm, universal: TLV.objectIdentifier, "algorithm OID", path)
                summary.protectionAlgorithm = try objectIdentifier(oid, path)
            case 2:
                summary.senderKID = try octets(try explicitInner(field, path), path)
            case 4:
                summary.transactionID = try octets(try explicitInner(field, path), path)
            case 5:
                summary.senderNonce = try octets(try explicitInner(field, path), path)
            case 6:
                summary.recipNonce = try octets(try explicitInner(field, path), path)
            case 8:
                try walkInfoTypes(try explicitInner(field, path), path)
            default:
                break
            }
        }
    }

    static let headerFieldNames = [
        "messageTime", "protectionAlg", "senderKID", "recipKID", "transactionID", "senderNonce",
        "recipNonce", "freeText", "generalInfo",
    ]

    /// `SEQUENCE OF InfoTypeAndValue`, `InfoTypeAndValue ::= SEQUENCE { infoType OBJECT IDENTIFIER,
    /// infoValue ANY DEFINED BY infoType OPTIONAL }`: generalInfo, genm and genp.
    mutating func walkInfoTypes(_ list: TLV, _ path: Path) throws(CMPDecodeError) {
        guard list.isUniversal(TLV.sequence) else { throw mismatch(list, expected: "SEQUENCE OF InfoTypeAndValue", path) }
        var entries = TLVChildren(of: list)
        var index = 0
        while let entry = try next(&entries, path) {
            func entryPath() -> String { "\(path())[\(index)]" }
            guard entry.isUniversal(TLV.sequence) else { throw mismatch(entry, expected: "InfoTypeAndValue", entryPath) }
            var parts = TLVChildren(of: entry)
            let type = try expect(&parts, universal: TLV.objectIdentifier, "infoType OID") { "\(entryPath()).infoType" }
            summary.infoTypes.append(try objectIdentifier(type) { "\(entryPath()).infoType" })
            index += 1
        }
    }

    // MARK: - Reading

    func read(at position: Int, limit: Int, depth: Int, _ path: Path) throws(CMPDecodeError) -> TLV {
        do {
            return try scanner.read(at: position, limit: limit, depth: depth)
        } catch {
            throw CMPDecodeError(fieldPath: path(), range: error.range, reason: error.reason)
        }
    }

    /// The next child, or nil at the end of a complete parent; the end of the bytes available inside
    /// an incomplete parent is an error, since the absent rest may hold any field.
    func next(_ children: inout TLVChildren, _ path: Path) throws(CMPDecodeError) -> TLV? {
        if children.isExhausted {
            if let failure = children.failure {
                throw CMPDecodeError(fieldPath: path(), range: failure.range, reason: failure.reason)
            }
            if children.parentIsComplete { return nil }
            throw CMPDecodeError(fieldPath: path(), range: ByteRange(lowerBound: children.end, upperBound: children.end),
                                 reason: scanner.truncation(children.end))
        }
        let tlv = try read(at: children.position, limit: children.end, depth: children.depth, path)
        children.position = tlv.end
        if let failure = tlv.closingFailure { children.failure = failure }
        return tlv
    }

    /// The next child, which must be the universal type `number`, in the form DER gives it.
    func expect(_ children: inout TLVChildren, universal number: Int, _ what: String, _ path: Path)
        throws(CMPDecodeError) -> TLV
    {
        guard let tlv = try next(&children, path) else { throw missing(at: children.end, what, path) }
        guard tlv.isUniversal(number) else { throw mismatch(tlv, expected: what, path) }
        guard tlv.isConstructed == (number == TLV.sequence) else {
            throw CMPDecodeError(fieldPath: path(), range: tlv.range,
                                 reason: tlv.isConstructed ? "constructed (BER) form of \(what)" : "primitive \(what)")
        }
        return tlv
    }

    /// The single element inside an EXPLICIT tag.
    func explicitInner(_ tagged: TLV, _ path: Path) throws(CMPDecodeError) -> TLV {
        guard tagged.isConstructed else { throw mismatch(tagged, expected: "an explicitly tagged value", path) }
        var inner = TLVChildren(of: tagged)
        guard let value = try next(&inner, path) else { throw missing(at: tagged.contentEnd, "value in [\(tagged.tagNumber)]", path) }
        return value
    }

    func content(_ tlv: TLV, _ path: Path) throws(CMPDecodeError) -> Range<Int> {
        guard tlv.isComplete else {
            throw CMPDecodeError(fieldPath: path(), range: tlv.range, reason: scanner.truncation(tlv.declaredEnd))
        }
        return tlv.contentRange
    }

    func integer(_ tlv: TLV, _ path: Path) throws(CMPDecodeError) -> Int {
        let range = try content(tlv, path)
        guard let value = ASN1Primitive.int(bytes, range) else {
            throw CMPDecodeError(fieldPath: path(), range: tlv.range,
                                 reason: range.isEmpty ? "empty INTEGER" : "INTEGER does not fit in 64 bits")
        }
        return value
    }

    func octets(_ tlv: TLV, _ path: Path) throws(CMPDecodeError) -> [UInt8] {
        guard tlv.isUniversal(TLV.octetString), !tlv.isConstructed else {
            throw mismatch(tlv, expected: "OCTET STRING", path)
        }
        return Array(bytes[try content(tlv, path)])
    }

    func objectIdentifier(_ tlv: TLV, _ path: Path) throws(CMPDecodeError) -> String {
        let range = try content(tlv, path)
        guard let text = ASN1Primitive.dottedOID(bytes, range) else {
            throw CMPDecodeError(fieldPath: path(), range: tlv.range, reason: "undecodable OBJECT IDENTIFIER")
        }
        return text
    }

    func generalName(_ children: inout TLVChildren, _ path: Path) throws(CMPDecodeError) -> String {
        guard let name = try next(&children, path) else { throw missing(at: children.end, "GeneralName", path) }
        _ = try content(name, path)
        guard let text = GeneralNameText.text(of: name, in: bytes, scanner: scanner, depth: name.depth, cache: names) else {
            throw mismatch(name, expected: "GeneralName", path)
        }
        return text
    }

    // MARK: - Errors

    func missing(at position: Int, _ what: String, _ path: Path) -> CMPDecodeError {
        CMPDecodeError(fieldPath: path(), range: ByteRange(lowerBound: position, upperBound: position), reason: "missing \(what)")
    }

    func mismatch(_ tlv: TLV, expected: String, _ path: Path) -> CMPDecodeError {
        let classes = ["universal", "application", "context", "private"]
        let found = "\(classes[Int(tlv.tagClass)]) \(tlv.isConstructed ? "constructed" : "primitive") tag \(tlv.tagNumber)"
        return CMPDecodeError(fieldPath: path(), range: tlv.range, reason: "expected \(expected), found \(found)")
    }
}
