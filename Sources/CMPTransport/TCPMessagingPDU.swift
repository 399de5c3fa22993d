import CMPCore

/// One framed TCP-Messaging PDU, decoded: its header values, the PKIMessage it carries (owned copy)
/// and the findings about its framing (cmp-wire-and-oddities.md §1.1–§1.3).
struct TCPMessagingPDU {
    var info: TCPMessagingInfo
    var pkiMessage: [UInt8]?
    /// Offset of the PKIMessage (or of the value when there is none) within the PDU.
    var messageOffset: Int
    var findings: [Finding]

    /// RFC 2510 §5.2 names, indexed by the type byte.
    static let rfc2510Names = ["pkiMsg", "pollRep", "pollReq", "negPollRep", "partialMsgRep", "finalMsgRep", "errorMsgRep"]
    /// draft-ietf-pkix-cmp-transport-protocols §3.5 names; 4 is unused (cryptlib `CMPMSG_DUMMY`).
    static let v10Names: [UInt8: String] = [0: "pkiReq", 1: "pollRep", 2: "pollReq", 3: "finRep", 5: "pkiRep", 6: "errorMsgRep"]

    /// Above this Wireshark refuses the PDU (`pdu_len > 10000` in packet-cmp.c); we decode it and say so.
    static let wiresharkLimit: UInt32 = 10000

    /// Header length (5 or 7) once byte 4 is readable: version 10 is the draft form, because RFC 2510
    /// types stop at 6.
    static func headerLength(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 5 else { return nil }
        return bytes[4] == 10 ? 7 : 5
    }

    static func readUInt32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    /// The header's values (needs the 5 or 7 header bytes).
    static func headerInfo(_ bytes: UnsafeRawBufferPointer) -> TCPMessagingInfo? {
        guard let headerLength = headerLength(bytes), bytes.count >= headerLength,
              let length = readUInt32(bytes, at: 0) else { return nil }
        if headerLength == 7 {
            let type = bytes[6]
            return TCPMessagingInfo(framing: .v10, type: type, typeName: v10Names[type], flags: bytes[5], length: length)
        }
        let type = bytes[4]
        let name = Int(type) < rfc2510Names.count ? rfc2510Names[Int(type)] : nil
        return TCPMessagingInfo(framing: .rfc2510, type: type, typeName: name, flags: nil, length: length)
    }

    /// Decodes `bytes`, the PDU as far as it arrived (all of it unless `complete` is false), whose
    /// first byte is at `streamOffset`.
    static func decode(_ bytes: UnsafeRawBufferPointer, fromServer: Bool, streamOffset: UInt64,
                       complete: Bool = true) -> TCPMessagingPDU? {
        guard let info = headerInfo(bytes), let headerLength = headerLength(bytes) else { return nil }
        var pdu = TCPMessagingPDU(info: info, pkiMessage: nil, messageOffset: headerLength, findings: [])
        let at = { (offset: Int) in FindingLocation.stream(offset: streamOffset + UInt64(offset)) }
        let v10 = info.framing == .v10
        pdu.findings.append(v10
            ? Finding(.tcpmsgFramingV10, "TCP-Messaging, draft framing (version 10)", at: at(0))
            : Finding(.tcpmsgFramingRFC2510, "TCP-Messaging, RFC 2510 framing", at: at(0)))
        if info.typeName == nil {
            pdu.findings.append(Finding(.tcpmsgTypeUnknown, "message type \(info.type) is not defined in this framing",
                                        at: at(v10 ? 6 : 4)))
        }
        if let flags = info.flags, flags & 0xFE != 0 {
            pdu.findings.append(Finding(.tcpmsgFlagsReserved, "reserved flag bits set (flags 0x\(hex(flags)))", at: at(5)))
        }
        if v10 && info.type == 0 && fromServer {
            pdu.findings.append(Finding(.tcpmsgServerSendsRequestType, "the server sent message type 0 (pkiReq)", at: at(6)))
        }
        if info.length > wiresharkLimit {
            pdu.findings.append(Finding(.tcpmsgLarge, "PDU of \(info.length) bytes: Wireshark refuses PDUs over 10000 bytes",
                                        at: at(0)))
        }
        let value = UnsafeRawBufferPointer(rebasing: bytes[headerLength...])
        let mismatch = { (what: String) in
            pdu.findings.append(Finding(.tcpmsgLengthMismatch, what, at: at(0)))
        }
        func controlValue(_ expected: Int, _ name: String) {
            if complete && value.count != expected {
                mismatch("\(name) carries \(value.count) value bytes, expected \(expected)")
            }
        }
        var messageStart: Int?
        switch (v10, info.type) {
        case (_, 0), (_, 5):
            messageStart = 0
        case (false, 4):
            pdu.info.pollingReference = readUInt32(value, at: 0)
            pdu.info.timeToCheckBack = readUInt32(value, at: 4)
            if complete && value.count <= 8 { mismatch("partialMsgRep too short for its fields") }
            messageStart = 8
        case (_, 1):
            pdu.info.pollingReference = readUInt32(value, at: 0)
            pdu.info.timeToCheckBack = readUInt32(value, at: 4)
            controlValue(8, "pollRep")
        case (_, 2):
            pdu.info.pollingReference = readUInt32(value, at: 0)
            controlValue(4, "pollReq")
        case (_, 3):
            controlValue(1, v10 ? "finRep" : "negPollRep")
        case (false, 6):
            pdu.info.errorText = String(decoding: value, as: UTF8.self)
        case (true, 6):
            if value.count >= 4 {
                pdu.info.errorCode = UInt16(value[0]) << 8 | UInt16(value[1])
                let dataLength = Int(value[2]) << 8 | Int(value[3])
                let textStart = 4 + dataLength
                if textStart <= value.count {
                    pdu.info.errorText = String(decoding: value[textStart...], as: UTF8.self)
                } else if complete {
                    mismatch("errorMsgRep dataLength \(dataLength) exceeds the value")
                }
            } else if complete {
                mismatch("errorMsgRep too short for errorCode and dataLength")
            }
        default:
            break
        }
        if let start = messageStart, start < value.count {
            let message = UnsafeRawBufferPointer(rebasing: value[start...])
            pdu.pkiMessage = Array(message)
            pdu.messageOffset = headerLength + start
            if complete, let derLength = DERProbe.sequenceLength(message), derLength != UInt64(message.count) {
                mismatch("the PKIMessage's DER length \(derLength) does not fill the \(message.count) bytes of the value")
            }
        } else if messageStart != nil, complete {
            mismatch("no PKIMessage in a message type that carries one")
        }
        return pdu
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
