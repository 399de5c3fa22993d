import CMPCore
import SwiftASN1

/// Helpers the typed model shares. swift-asn1 nodes' `encodedBytes` are slices of the array given to
/// `DER.parse`, so their indices are offsets into the PKIMessage: that is where every `range` comes from.
extension ASN1Node {
    /// The bytes this node was decoded from, in PKIMessage coordinates.
    var byteRange: ByteRange { ByteRange(encodedBytes.startIndex..<encodedBytes.endIndex) }

    /// The single element inside an EXPLICIT tag (RFC 9810's module is `DEFINITIONS EXPLICIT TAGS`).
    func explicitChild() throws -> ASN1Node {
        guard case .constructed(let children) = content else {
            throw ASN1Error.invalidASN1Object(reason: "explicit tag \(identifier) is not constructed")
        }
        var iterator = children.makeIterator()
        guard let child = iterator.next(), iterator.next() == nil else {
            throw ASN1Error.invalidASN1Object(reason: "explicit tag \(identifier) must hold exactly one element")
        }
        return child
    }

    /// Content octets of a primitive node.
    func primitiveBytes() throws -> ArraySlice<UInt8> {
        guard case .primitive(let bytes) = content else {
            throw ASN1Error.invalidASN1Object(reason: "\(identifier) must be primitive")
        }
        return bytes
    }

    func isContext(_ number: UInt) -> Bool {
        identifier.tagClass == .contextSpecific && identifier.tagNumber == number
    }
}

extension ASN1NodeCollection.Iterator {
    /// The next node if it has the context tag `number` (an OPTIONAL field's presence test).
    mutating func nextIfContext(_ number: UInt) -> ASN1Node? {
        var copy = self
        guard let node = copy.next(), node.isContext(number) else { return nil }
        self = copy
        return node
    }

    /// The next node if it has a context tag above `lower` and at most `upper`: the next of a run of
    /// OPTIONAL tagged fields in tag order, found with one look at the node.
    mutating func nextIfContext(above lower: Int, upTo upper: UInt) -> ASN1Node? {
        var copy = self
        guard let node = copy.next(), node.identifier.tagClass == .contextSpecific,
              node.identifier.tagNumber <= upper, Int(node.identifier.tagNumber) > lower else { return nil }
        self = copy
        return node
    }

    /// The next node if it has `identifier`.
    mutating func nextIf(_ identifier: ASN1Identifier) -> ASN1Node? {
        var copy = self
        guard let node = copy.next(), node.identifier == identifier else { return nil }
        self = copy
        return node
    }

    /// The next node, which must be there.
    mutating func required(_ what: String) throws -> ASN1Node {
        guard let node = next() else { throw ASN1Error.invalidASN1Object(reason: "missing \(what)") }
        return node
    }
}

/// `SEQUENCE OF T` with the element parser given as a closure.
func derSequenceOf<T>(_ node: ASN1Node, _ element: (ASN1Node) throws -> T) throws -> [T] {
    try DER.sequence(node, identifier: .sequence) { nodes in
        var result = [T]()
        while let child = nodes.next() { result.append(try element(child)) }
        return result
    }
}
