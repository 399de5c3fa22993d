import CMPCore
import SwiftASN1

/// ```
/// PKIFailureInfo ::= BIT STRING { badAlg (0), badMessageCheck (1), … duplicateCertReq (26) }
/// ```
/// (RFC 9810 §5.2.3). Kept as its octets; `bits` names them. Bit 0 is the most significant bit of
/// the first octet after the unused-bits count (X.690 §8.6.2).
public struct PKIFailureInfo: DERParseable, Hashable, Sendable {
    /// The content octets after the unused-bits count.
    public var octets: ArraySlice<UInt8>
    public var paddingBits: Int
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        let bits = try ASN1BitString(derEncoded: node)
        octets = bits.bytes
        paddingBits = bits.paddingBits
        range = node.byteRange
    }

    /// The bits set, in order; at most `maxUnknown` bits beyond RFC 9810's 27 are listed, so a 1 MiB
    /// BIT STRING of ones costs no more than a short one.
    public func bits(maxUnknown: Int = FailInfoBits.maxUnknownBits) -> [PKIFailureInfoBit] {
        var set = Set<Int>()
        FailInfoBits.collect(octets, unusedBits: paddingBits, into: &set, maxUnknown: maxUnknown)
        return set.sorted().map { PKIFailureInfoBit(rawValue: $0) }
    }
}
