import CMPCore
import CMPMessages
import SwiftASN1
import X509

/// What the chosen dependencies alone cost on a set of messages: the work no pipeline built on them
/// can leave out, timed part by part for the benchmark script's ceiling (the throughput cmpdissect
/// would reach if reading packets, reassembly, framing, rules and output cost nothing).
///
/// - swift-asn1's `DER.parse` of every message (the analyzer's facts and the typed summary both
///   read its nodes);
/// - the same parse and one visit of every node (the summary and the analyzer skip the insides of
///   certificates, so what they need lies between the two figures);
/// - swift-crypto's verification of every signature the analyzer checks: signature protection with
///   a signer certificate in extraCerts (`ProtectionCheck`). Certificates are parsed before the
///   clock starts, as the analyzer's cache parses each distinct one once.
///
/// Not a test: timing belongs to the script.
public enum DependencyFloor {
    public struct Figures: Sendable {
        public var messages = 0
        /// `DER.parse` of every message, and the bytes it parsed (messages that are not DER count none;
        /// bytes after a PKIMessage are not parsed, as in the decoder).
        public var parseSeconds = 0.0
        public var parsedBytes = 0
        /// `DER.parse` and one visit of every node.
        public var visitSeconds = 0.0
        public var nodes = 0
        /// The signatures verified, how many of them verify, and their time.
        public var verifications = 0
        public var validSignatures = 0
        public var verifySeconds = 0.0
    }

    /// One signature as the analyzer verifies it: algorithm, signature, ProtectedPart, signer key.
    struct Signature {
        var oid: String
        var parameters: ASN1Node?
        var bits: ArraySlice<UInt8>
        var data: [UInt8]
        var key: Certificate.PublicKey
    }

    /// Best of `rounds` for each part (the machine is shared: the least disturbed round).
    public static func measure(_ messages: [[UInt8]], rounds: Int = 3) -> Figures {
        var figures = Figures()
        figures.messages = messages.count
        let signatures = messages.compactMap(signature)
        figures.verifications = signatures.count
        // What the decoder hands to `DER.parse`: the PKIMessage, without bytes after it.
        let elements = messages.map { $0[0..<derLength($0)] }
        // Each part's result is kept in the figures, so the optimizer cannot drop the work.
        figures.parseSeconds = best(rounds) {
            var bytes = 0
            for element in elements {
                if let node = try? DER.parse(element) { bytes &+= node.encodedBytes.count }
            }
            figures.parsedBytes = bytes
        }
        figures.visitSeconds = best(rounds) {
            var nodes = 0
            for element in elements {
                if let node = try? DER.parse(element) { nodes &+= visit(node) }
            }
            figures.nodes = nodes
        }
        figures.verifySeconds = best(rounds) {
            var valid = 0
            for signature in signatures {
                let outcome = SignatureVerifier.verify(oid: signature.oid, parameters: signature.parameters,
                                                       signature: signature.bits, data: signature.data, key: signature.key)
                if outcome == .valid { valid += 1 }
            }
            figures.validSignatures = valid
        }
        return figures
    }

    /// The nodes of `node`'s subtree, each visited once.
    static func visit(_ node: ASN1Node) -> Int {
        guard case .constructed(let children) = node.content else { return 1 }
        var count = 1
        for child in children { count &+= visit(child) }
        return count
    }

    /// The signature the analyzer would verify in `der`, if any.
    static func signature(_ der: [UInt8]) -> Signature? {
        guard let facts = MessageFacts.parse(der, length: derLength(der)), let algorithm = facts.protectionAlg,
              ProtectionCheck.kind(of: algorithm.oid) == .signature, let protection = facts.protection,
              let first = facts.extraCerts.first, let certificate = try? Certificate(derEncoded: Array(first))
        else { return nil }
        return Signature(oid: algorithm.oid, parameters: algorithm.parameters, bits: protection.bits,
                         data: facts.protectedPart, key: certificate.publicKey)
    }

    /// The length of the element at the start of `der` (its trailing bytes are not the message).
    static func derLength(_ der: [UInt8]) -> Int {
        let scanner = TLVScanner(bytes: der, maxDepth: Limits().maxASN1Depth)
        guard let tlv = try? scanner.readHeader(at: 0, limit: der.count, depth: 0), tlv.isComplete else { return der.count }
        return tlv.end
    }

    static func best(_ rounds: Int, _ work: () -> Void) -> Double {
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<max(1, rounds) {
            let elapsed = clock.measure(work)
            best = min(best, elapsed.seconds)
        }
        return best
    }
}
