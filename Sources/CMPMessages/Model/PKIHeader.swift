import CMPCore
import SwiftASN1

/// ```
/// PKIHeader ::= SEQUENCE {
///     pvno                INTEGER     { cmp1999(1), cmp2000(2), cmp2021(3) },
///     sender              GeneralName,
///     recipient           GeneralName,
///     messageTime     [0] GeneralizedTime         OPTIONAL,
///     protectionAlg   [1] AlgorithmIdentifier{ALGORITHM, {...}} OPTIONAL,
///     senderKID       [2] KeyIdentifier           OPTIONAL,
///     recipKID        [3] KeyIdentifier           OPTIONAL,
///     transactionID   [4] OCTET STRING            OPTIONAL,
///     senderNonce     [5] OCTET STRING            OPTIONAL,
///     recipNonce      [6] OCTET STRING            OPTIONAL,
///     freeText        [7] PKIFreeText             OPTIONAL,
///     generalInfo     [8] SEQUENCE SIZE (1..MAX) OF InfoTypeAndValue OPTIONAL }
/// ```
/// (RFC 9810 §5.1.1, EXPLICIT tags). Keeps `range` so that ProtectedPart (header and body) can be
/// rebuilt from the original bytes for protection checks. Ranges of tagged fields are those of the
/// inner value (the OCTET STRING inside `[4]`, not the tag).
public struct PKIHeader: DERParseable, Hashable, Sendable {
    public var pvno: Located<Int>
    public var sender: GeneralName
    public var recipient: GeneralName
    /// The GeneralizedTime as sent (`20261201114529Z`), validated by swift-asn1.
    public var messageTime: Located<String>?
    public var protectionAlg: AlgorithmIdentifier?
    public var senderKID: Located<ArraySlice<UInt8>>?
    public var recipKID: Located<ArraySlice<UInt8>>?
    public var transactionID: Located<ArraySlice<UInt8>>?
    public var senderNonce: Located<ArraySlice<UInt8>>?
    public var recipNonce: Located<ArraySlice<UInt8>>?
    public var freeText: PKIFreeText?
    public var generalInfo: [InfoTypeAndValue]?
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        // Built inside the closure and returned: one move into self, where an optional set by the
        // closure was copied out again.
        self = try DER.sequence(node, identifier: .sequence) { nodes in
            let pvnoNode = try nodes.required("pvno")
            let pvno = Located(try Int(derEncoded: pvnoNode), range: pvnoNode.byteRange)
            let sender = try GeneralName(derEncoded: try nodes.required("sender"))
            let recipient = try GeneralName(derEncoded: try nodes.required("recipient"))
            var value = PKIHeader(pvno: pvno, sender: sender, recipient: recipient, range: node.byteRange)
            // The tagged fields in one pass, each node read once: peeking for each of the nine tags
            // in turn re-read the next field's subtree for every tag it did not have. They must come
            // in tag order, each once (DER): anything else is left for DER.sequence to reject.
            var lastTag = -1
            while let tagged = nodes.nextIfContext(above: lastTag, upTo: 8) {
                lastTag = Int(tagged.identifier.tagNumber)
                switch lastTag {
                case 0:
                    let time = try tagged.explicitChild()
                    _ = try GeneralizedTime(derEncoded: time)
                    value.messageTime = Located(String(decoding: try time.primitiveBytes(), as: UTF8.self), range: time.byteRange)
                case 1: value.protectionAlg = try AlgorithmIdentifier(derEncoded: try tagged.explicitChild())
                case 2: value.senderKID = try Self.octets(tagged)
                case 3: value.recipKID = try Self.octets(tagged)
                case 4: value.transactionID = try Self.octets(tagged)
                case 5: value.senderNonce = try Self.octets(tagged)
                case 6: value.recipNonce = try Self.octets(tagged)
                case 7: value.freeText = try PKIFreeText(derEncoded: try tagged.explicitChild())
                default:
                    value.generalInfo = try derSequenceOf(try tagged.explicitChild()) { try InfoTypeAndValue(derEncoded: $0) }
                }
            }
            return value
        }
    }

    private init(pvno: Located<Int>, sender: GeneralName, recipient: GeneralName, range: ByteRange) {
        self.pvno = pvno
        self.sender = sender
        self.recipient = recipient
        self.range = range
    }

    private static func octets(_ tagged: ASN1Node) throws -> Located<ArraySlice<UInt8>> {
        let inner = try tagged.explicitChild()
        return Located(try ASN1OctetString(derEncoded: inner).bytes, range: inner.byteRange)
    }
}
