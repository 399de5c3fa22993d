import CMPCore

/// A real PKIMessage (one of `Fixtures/messages/*.der`) with the positions of the header fields the
/// generator rewrites, so every generated transaction is distinct while each message keeps its
/// exact length and structure. Protection no longer verifies after patching; the dissector only
/// verifies when given a secret or trust anchors, which the benchmark does not.
public struct CMPMessageTemplate: Sendable {
    public var name: String
    public var der: [UInt8]
    public var body: PKIBodyType
    /// Value bytes (inside the OCTET STRING) of PKIHeader's transactionID [4], senderNonce [5]
    /// and recipNonce [6] (RFC 9810 §5.1.1).
    var transactionID: Range<Int>?
    var senderNonce: Range<Int>?
    var recipNonce: Range<Int>?

    /// nil unless `der` is a PKIMessage SEQUENCE { header SEQUENCE, body [n] } in definite DER.
    public init?(name: String, der: [UInt8]) {
        guard let message = Self.tlv(der, at: 0), message.tag == 0x30, message.end == der.count,
              let header = Self.tlv(der, at: message.valueStart), header.tag == 0x30,
              let bodyTLV = Self.tlv(der, at: header.end), bodyTLV.tag & 0xE0 == 0xA0, bodyTLV.tag & 0x1F < 31
        else { return nil }
        self.name = name
        self.der = der
        body = PKIBodyType(rawValue: Int(bodyTLV.tag & 0x1F))
        // pvno, sender and recipient come first; sender/recipient are GeneralNames whose
        // directoryName is also tagged [4], so only the fields after them are looked at.
        var offset = header.valueStart
        var index = 0
        while offset < header.end, let field = Self.tlv(der, at: offset) {
            if index >= 3, let inner = Self.tlv(der, at: field.valueStart), inner.tag == 0x04 {
                let range = inner.valueStart..<inner.end
                switch field.tag {
                case 0xA4: transactionID = range
                case 0xA5: senderNonce = range
                case 0xA6: recipNonce = range
                default: break
                }
            }
            offset = field.end
            index += 1
        }
    }

    /// Loads `NAME.der` from `directory` (a path), nil when missing or not a PKIMessage.
    public static func load(_ name: String, directory: String) -> CMPMessageTemplate? {
        guard let bytes = FileBytes.read(path: directory + "/" + name + ".der") else { return nil }
        return CMPMessageTemplate(name: name, der: bytes)
    }

    /// A copy with the given transactionID and nonces written over the original ones (truncated or
    /// cycled to the original lengths). Returns the message and the senderNonce it now carries.
    func instantiate(transactionID id: [UInt8], recipNonce previous: [UInt8]?,
                     using rng: inout SeededGenerator) -> (der: [UInt8], senderNonce: [UInt8]) {
        var out = der
        func fill(_ range: Range<Int>?, with value: [UInt8]) {
            guard let range, !value.isEmpty else { return }
            for (n, position) in range.enumerated() { out[position] = value[n % value.count] }
        }
        fill(transactionID, with: id)
        let nonce = rng.bytes(senderNonce?.count ?? 16)
        fill(senderNonce, with: nonce)
        if let previous { fill(recipNonce, with: previous) }
        return (out, nonce)
    }

    private struct TLV { var tag: UInt8; var valueStart: Int; var end: Int }

    /// One definite-length DER TLV with a single-byte tag, nil when it does not fit.
    private static func tlv(_ bytes: [UInt8], at offset: Int) -> TLV? {
        guard offset + 2 <= bytes.count else { return nil }
        let tag = bytes[offset]
        let first = bytes[offset + 1]
        var length = 0
        var valueStart = offset + 2
        if first < 0x80 {
            length = Int(first)
        } else {
            let count = Int(first & 0x7F)
            guard count >= 1, count <= 4, offset + 2 + count <= bytes.count else { return nil }
            for n in 0..<count { length = length << 8 | Int(bytes[offset + 2 + n]) }
            valueStart += count
        }
        guard valueStart + length <= bytes.count else { return nil }
        return TLV(tag: tag, valueStart: valueStart, end: valueStart + length)
    }
}
