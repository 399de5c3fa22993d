import CMPCore
import SwiftASN1

/// ```
/// PBMParameter ::= SEQUENCE {
///     salt                OCTET STRING,
///     owf                 AlgorithmIdentifier{DIGEST-ALGORITHM, {...}},
///     iterationCount      INTEGER,
///     mac                 AlgorithmIdentifier{MAC-ALGORITHM, {...}} }
/// ```
/// (RFC 9810 §5.1.3.1, RFC 4211 §4.4): the parameters of id-PasswordBasedMac (1.2.840.113533.7.66.13).
/// `iterationCount` is kept as sent; whoever computes the MAC bounds it first (a hostile message may
/// ask for 2^63 rounds).
public struct PBMParameter: DERParseable, Hashable, Sendable {
    public var salt: Located<ArraySlice<UInt8>>
    public var owf: AlgorithmIdentifier
    public var iterationCount: Located<Int>
    public var mac: AlgorithmIdentifier
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        range = node.byteRange
        (salt, owf, iterationCount, mac) = try DER.sequence(node, identifier: .sequence) { nodes in
            let saltNode = try nodes.required("salt")
            let salt = Located(try ASN1OctetString(derEncoded: saltNode).bytes, range: saltNode.byteRange)
            let owf = try AlgorithmIdentifier(derEncoded: try nodes.required("owf"))
            let countNode = try nodes.required("iterationCount")
            let count = Located(try Int(derEncoded: countNode), range: countNode.byteRange)
            return (salt, owf, count, try AlgorithmIdentifier(derEncoded: try nodes.required("mac")))
        }
    }

    /// The parameters of `algorithm`, when it is id-PasswordBasedMac with DER PBMParameter.
    public init?(parametersOf algorithm: AlgorithmIdentifier) {
        guard algorithm.dotted == "1.2.840.113533.7.66.13", let parameters = algorithm.parameters,
              let node = try? DER.parse(parameters.encodedBytes), let value = try? PBMParameter(derEncoded: node)
        else { return nil }
        self = value
    }
}
