/// Named types and the OID-dependent tables, from the RFC modules: RFC 9810 App. F `PKIXCMP-2023`
/// (EXPLICIT tags), RFC 4211 App. B `PKIXCRMF-2005` (IMPLICIT tags), RFC 5280 (certificates, CRLs,
/// extensions), RFC 5652 (EnvelopedData), RFC 2986 (PKCS#10), RFC 8018 (PBMAC1/PBKDF2).
public enum SchemaLibrary {
    public static func schema(named name: String) -> ASN1Schema? { types[SchemaName(name)] }

    /// As above, for a name already hashed (`.ref`'s).
    public static func schema(named name: SchemaName) -> ASN1Schema? { types[name] }

    /// The type an `ANY DEFINED BY` takes for `oid` in `table`; nil shows the value raw.
    public static func schema(for oid: String, in table: OIDSchemaTable) -> ASN1Schema? {
        switch table {
        case .infoValue: return infoValues[oid]
        case .algorithmParameters: return algorithmParameters[oid]
        case .extensionValue: return extensionValues[oid]
        case .controlValue: return controlValues[oid]
        case .attributeValue: return .string
        case .contentType: return contentTypes[oid]
        }
    }

    static let types: [SchemaName: ASN1Schema] = cmpTypes.merging(crmfTypes) { first, _ in first }
        .merging(pkixTypes) { first, _ in first }
}
