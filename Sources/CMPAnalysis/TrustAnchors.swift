import SwiftASN1
import X509

/// `--trusted FILE`: the certificates (PEM, one or more) a signer's chain must lead to.
public struct TrustAnchors: Sendable {
    public var certificates: [Certificate]

    public init(certificates: [Certificate]) {
        self.certificates = certificates
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Bundles of trust anchors stay far below this; a larger file is the wrong file.
    static let maxFileBytes = 16 * 1024 * 1024

    public static func load(pemFile path: String) throws -> TrustAnchors {
        guard let bytes = SecretSpec.readFile(path, maxBytes: maxFileBytes) else {
            throw LoadError(description: "cannot read the trust anchor file \(path)")
        }
        return try parse(pem: String(decoding: bytes, as: UTF8.self), path: path)
    }

    public static func parse(pem: String, path: String = "PEM") throws -> TrustAnchors {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: pem)
        } catch {
            throw LoadError(description: "\(path): not PEM (\(error))")
        }
        var certificates = [Certificate]()
        for document in documents where document.discriminator == "CERTIFICATE" {
            do {
                certificates.append(try Certificate(derEncoded: document.derBytes))
            } catch {
                throw LoadError(description: "\(path): a CERTIFICATE block does not decode (\(error))")
            }
        }
        guard !certificates.isEmpty else { throw LoadError(description: "\(path): no CERTIFICATE in the file") }
        return TrustAnchors(certificates: certificates)
    }
}
