import CMPCore

/// What can only be said of a transaction once the capture has ended: it never got its answer, or
/// its certificate was never confirmed (RFC 9810 §5.3.18, RFC 9483 §4.1.1).
public enum TransactionRules {
    public static func closingFindings(for transaction: TransactionRef) -> [Finding] {
        var findings = [Finding]()
        switch transaction.confirmation {
        case "awaiting":
            findings.append(Finding(.txCertConfMissing,
                                    "transaction \(transaction.index) (\(transaction.kind)): certificate issued without implicitConfirm, no certConf"))
        case "certConf":
            findings.append(Finding(.txIncomplete, "transaction \(transaction.index) (\(transaction.kind)): certConf without pkiconf"))
        default:
            break
        }
        if transaction.outcome == .incomplete || transaction.outcome == .waiting {
            findings.append(Finding(.txIncomplete,
                                    "transaction \(transaction.index) (\(transaction.kind)): no final answer (\(transaction.outcome.rawValue))"))
        }
        return findings
    }
}
