/// The shape of an ASN.1 type as the annotated tree walks it: the RFC modules written down as data,
/// so one tolerant walker (`TreeWalker`) serves every type, keeps every byte range, and shows the raw
/// TLV structure wherever the bytes stop matching the shape.
public indirect enum ASN1Schema: Sendable {
    /// `SEQUENCE { fields }`; fields after the last one known are shown raw (extensibility `...`).
    case sequence([SchemaField])
    /// `SEQUENCE OF element` with the element's label.
    case sequenceOf(String, ASN1Schema)
    /// `SET OF element`.
    case setOf(String, ASN1Schema)
    /// An untagged `CHOICE`: the alternative whose tag matches.
    case choice([SchemaField])
    /// INTEGER with named numbers (`pvno: cmp2000 (2)`).
    case integer([Int: String])
    /// ENUMERATED with named values (CRLReason).
    case enumerated([Int: String])
    /// BIT STRING with named bits (`failInfo: badPOP (9)`), or raw bits when the list is empty.
    case bitString([String])
    /// BIT STRING whose content is DER of a type (subjectPublicKey of EC/RSA keys, when known).
    case octetString(OctetContent)
    case objectIdentifier
    case boolean
    case null
    /// Any of the character string types (UTF8String, PrintableString, IA5String, …).
    case string
    /// A PKIFreeText element (UTF8String): the text with its RFC 2482 language tags read out, each
    /// tag a child node over its bytes (`LanguageTaggedText`).
    case freeTextString
    /// An RFC 5646 language tag written as plain text (SuppLangTagsValue), checked for well-formedness.
    case languageTag
    /// UTCTime or GeneralizedTime: ISO 8601 beside the raw text.
    case time
    /// Anything: shown as its TLV structure.
    case any
    /// A named type from `SchemaLibrary` (for recursion, and to name the node's type).
    case ref(SchemaName)
    /// A value whose type depends on the OBJECT IDENTIFIER read last in the enclosing SEQUENCE
    /// (`ANY DEFINED BY`: infoValue, AlgorithmIdentifier parameters, extnValue, attribute values).
    case byOID(OIDSchemaTable)
    /// The shape plus how the node's value is summarised from its content.
    case summarized(ASN1Schema, Summary)

    public enum OctetContent: Sendable {
        case hex
        /// UTF-8 text (senderKID is often a reference string such as `client-ref`): hex plus text.
        case textOrHex
        /// DER of the given type inside the OCTET STRING (extnValue).
        case encapsulated(ASN1Schema)
    }

    /// A dotted path of child names (`tbsCertificate.subject`), split once when the schema is
    /// written rather than at every node it summarizes.
    public struct ChildPath: Sendable, ExpressibleByStringLiteral {
        public let names: [String]

        public init(stringLiteral value: String) {
            names = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// How a container's shown value is derived.
    public enum Summary: Sendable {
        /// The value of the named child (AlgorithmIdentifier → its algorithm's name); a dotted path
        /// reaches deeper (`tbsCertificate.subject`).
        case child(ChildPath)
        /// RFC 4514 text of a Name.
        case directoryName
        /// The GeneralName text (`rfc822Name:ca@example.com`, RFC 4514 for directoryName).
        case generalName
        /// A SubjectPublicKeyInfo's algorithm with its curve or RSA modulus size.
        case publicKey
        /// The number of elements (`3 items`).
        case count
        /// PKIHeader.freeText: the count and the first language the texts name, which asks for replies
        /// in that language (RFC 9810 §5.1.1: "The first language used in this sequence indicates the
        /// desired language for replies").
        case replyLanguage
        /// SuppLangTagsValue (RFC 9810 §5.3.19.9): the tags in order, most preferred first in a genm;
        /// in a genp the one the responder chose.
        case suppLangTags
    }
}

/// Which OID tables the `byOID` schemas look values up in.
public enum OIDSchemaTable: Sendable {
    case infoValue
    case algorithmParameters
    case extensionValue
    case controlValue
    case attributeValue
    case contentType
}

/// One field of a SEQUENCE or one alternative of a CHOICE.
public struct SchemaField: Sendable {
    public enum Tagging: Sendable, Equatable {
        case untagged
        /// `[n] EXPLICIT`: a constructed context tag around the whole inner TLV.
        case explicit(Int)
        /// `[n] IMPLICIT`: the context tag replaces the inner type's own.
        case implicit(Int)
    }

    public var name: String
    public var tagging: Tagging
    public var schema: ASN1Schema
    public var isOptional: Bool

    public init(_ name: String, _ tagging: Tagging = .untagged, _ schema: ASN1Schema, optional: Bool = false) {
        self.name = name
        self.tagging = tagging
        self.schema = schema
        isOptional = optional
    }
}

/// Short constructors, so the modules read like their ASN.1.
func field(_ name: String, _ schema: ASN1Schema) -> SchemaField { SchemaField(name, .untagged, schema) }
func optional(_ name: String, _ schema: ASN1Schema) -> SchemaField { SchemaField(name, .untagged, schema, optional: true) }
func explicit(_ tag: Int, _ name: String, _ schema: ASN1Schema, optional: Bool = true) -> SchemaField {
    SchemaField(name, .explicit(tag), schema, optional: optional)
}
func implicit(_ tag: Int, _ name: String, _ schema: ASN1Schema, optional: Bool = true) -> SchemaField {
    SchemaField(name, .implicit(tag), schema, optional: optional)
}
