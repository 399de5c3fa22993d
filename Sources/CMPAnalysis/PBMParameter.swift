import CMPCore
import CMPMessages
import SwiftASN1

/// `PBMParameter ::= SEQUENCE { salt OCTET STRING, owf AlgorithmIdentifier, iterationCount INTEGER,
/// mac AlgorithmIdentifier }` (RFC 9810 §5.1.3.1, RFC 4211 §4.4). Keeps the ranges the findings point at.
struct PBMParameter {
    var salt: ArraySlice<UInt8>
    var owf: String
    var owfRange: ByteRange
    var iterationCount: Int
    var iterationRange: ByteRange
    var mac: String

    init?(_ node: ASN1Node, oids: OIDTextCache? = nil) {
        var parts = ASN1Reader.each(node).makeIterator()
        guard let saltNode = parts.next(), let owfNode = parts.next(), let countNode = parts.next(),
              let macNode = parts.next(), parts.next() == nil,
              let salt = ASN1Reader.octets(saltNode), let owf = ASN1Reader.algorithm(owfNode, oids: oids),
              let count = ASN1Reader.int(countNode), let mac = ASN1Reader.algorithm(macNode, oids: oids) else { return nil }
        self.salt = salt
        self.owf = owf.oid
        owfRange = owf.range
        iterationCount = count
        iterationRange = ByteRange(countNode)
        self.mac = mac.oid
    }

    /// Whether both would compute the same MAC key (ranges aside).
    func hasSameValue(as other: PBMParameter) -> Bool {
        iterationCount == other.iterationCount && owf == other.owf && mac == other.mac && salt.elementsEqual(other.salt)
    }

    /// The same parameters owning their salt, so remembering them does not keep a message alive.
    var detached: PBMParameter {
        var copy = self
        copy.salt = ArraySlice(Array(salt))
        return copy
    }
}

/// `PBMAC1-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier {{PBMAC1-KDFs}},
/// messageAuthScheme AlgorithmIdentifier {{PBMAC1-MACs}} }` with `PBKDF2-params ::= SEQUENCE {
/// salt CHOICE { specified OCTET STRING, … }, iterationCount INTEGER, keyLength INTEGER OPTIONAL,
/// prf AlgorithmIdentifier DEFAULT algid-hmacWithSHA1 }` (RFC 8018 §5.2, §7.1; RFC 9481 §6.1.2).
struct PBMAC1Parameters {
    var kdfOID: String
    var kdfRange: ByteRange
    var salt: ArraySlice<UInt8>
    var iterationCount: Int
    var iterationRange: ByteRange
    var keyLength: Int?
    var prf: String
    var mac: String

    init?(_ node: ASN1Node) {
        let parts = ASN1Reader.children(node)
        guard parts.count == 2, let kdf = ASN1Reader.algorithm(parts[0]), let mac = ASN1Reader.algorithm(parts[1]),
              let kdfParameters = kdf.parameters else { return nil }
        let fields = ASN1Reader.children(kdfParameters)
        guard fields.count >= 2, let salt = ASN1Reader.octets(fields[0]), let count = ASN1Reader.int(fields[1]) else { return nil }
        kdfOID = kdf.oid
        kdfRange = kdf.range
        self.salt = salt
        iterationCount = count
        iterationRange = ByteRange(fields[1])
        self.mac = mac.oid
        prf = OID.hmacWithSHA1
        for field in fields.dropFirst(2) {
            if let length = ASN1Reader.int(field) { keyLength = length }
            if let algorithm = ASN1Reader.algorithm(field) { prf = algorithm.oid }
        }
    }
}
