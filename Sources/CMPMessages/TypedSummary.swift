import CMPCore

/// The summary facts taken from the typed model (`PKIMessage`), for messages that parse as DER.
///
/// Must report exactly what `SummaryWalk` reports for the same bytes (a test checks it on every
/// fixture): the walk stays the fallback for BER and damage, and users must not see the facts change
/// with the decoding path.
enum TypedSummary {
    static func summary(of message: PKIMessage, length: Int, names: NameTextCache? = nil,
                        oids: OIDTextCache? = nil) -> CMPMessageSummary {
        var summary = CMPMessageSummary(length: length)
        let header = message.header
        summary.pvno = header.pvno.value
        summary.sender = header.sender.text(cache: names)
        summary.recipient = header.recipient.text(cache: names)
        summary.messageTime = header.messageTime?.value
        summary.protectionAlgorithm = header.protectionAlg?.dotted(cache: oids)
        summary.senderKID = header.senderKID.map { Array($0.value) }
        summary.transactionID = header.transactionID.map { Array($0.value) }
        summary.senderNonce = header.senderNonce.map { Array($0.value) }
        summary.recipNonce = header.recipNonce.map { Array($0.value) }
        summary.infoTypes = (header.generalInfo ?? []).map { $0.dottedType(cache: oids) }
        summary.body = message.body.type
        summary.isProtected = message.protection != nil

        var failBits = Set<Int>()
        func add(_ info: PKIStatusInfo) {
            summary.statuses.append(info.status.value)
            if let failInfo = info.failInfo {
                FailInfoBits.collect(failInfo.octets, unusedBits: failInfo.paddingBits, into: &failBits,
                                     maxUnknown: FailInfoBits.maxUnknownBits)
            }
        }
        switch message.body.content {
        case .certReqMessages(let messages):
            summary.certReqIds = messages.requests.map(\.certReq.certReqId.value)
        case .certRepMessage(let reply):
            for response in reply.response {
                summary.certReqIds.append(response.certReqId.value)
                add(response.status)
            }
        case .keyRecRep(let content):
            add(content.status)
        case .error(let content):
            add(content.pKIStatusInfo)
        case .revRep(let content):
            content.status.forEach(add)
        case .revocationAnnouncement(let content):
            summary.statuses.append(content.status.value)
        case .certConfirm(let statuses):
            for status in statuses {
                summary.certReqIds.append(status.certReqId.value)
                if let info = status.statusInfo { add(info) }
            }
        case .pollRequests(let ids):
            summary.certReqIds = ids.map(\.value)
        case .pollReplies(let entries):
            summary.certReqIds = entries.map(\.certReqId.value)
            summary.checkAfter = entries.map(\.checkAfter.value)
        case .infoTypeAndValues(let list):
            summary.infoTypes += list.map { $0.dottedType(cache: oids) }
        default:
            break
        }
        summary.failInfo = failBits.sorted().map { PKIFailureInfoBit(rawValue: $0) }
        return summary
    }
}
