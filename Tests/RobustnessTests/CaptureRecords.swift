/// Where each record of a capture file starts and ends, parsed independently of libpcap so the
/// truncation tests know what libpcap must report: pcap (either byte order) packet records, or
/// pcapng blocks (packet blocks counted as packets).
struct CaptureRecords {
    struct Record {
        /// Offset of the record header in the file.
        var start: Int
        var end: Int
        /// 1-based packet number for packet records, nil for other pcapng blocks.
        var packet: Int?
        /// Offset where the packet's data starts (after the record or block header).
        var dataStart: Int
    }

    /// Bytes of the file header (pcap) or the first block (pcapng Section Header Block).
    var headerLength: Int
    var records: [Record]
    var isPcapng: Bool

    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 24 else { return nil }
        let magic = Array(bytes[0..<4])
        func u32(_ offset: Int, little: Bool) -> Int? {
            guard offset >= 0, offset + 4 <= bytes.count else { return nil }
            let b = bytes[offset..<offset + 4].map(Int.init)
            return little ? b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24 : b[3] | b[2] << 8 | b[1] << 16 | b[0] << 24
        }
        var records = [Record]()
        if magic == [0x0A, 0x0D, 0x0D, 0x0A] {
            isPcapng = true
            let little = bytes[8] == 0x4D
            guard let first = u32(4, little: little) else { return nil }
            headerLength = first
            var offset = first
            var packets = 0
            while let type = u32(offset, little: little), let length = u32(offset + 4, little: little), length >= 12,
                  offset + length <= bytes.count {
                let isPacket = type == 6 || type == 3 || type == 2
                if isPacket { packets += 1 }
                records.append(Record(start: offset, end: offset + length, packet: isPacket ? packets : nil,
                                      dataStart: offset + (type == 6 ? 28 : 12)))
                offset += length
            }
        } else {
            isPcapng = false
            let little = magic == [0xD4, 0xC3, 0xB2, 0xA1] || magic == [0x4D, 0x3C, 0xB2, 0xA1]
            headerLength = 24
            var offset = 24
            while let captured = u32(offset + 8, little: little), offset + 16 + captured <= bytes.count {
                records.append(Record(start: offset, end: offset + 16 + captured, packet: records.count + 1,
                                      dataStart: offset + 16))
                offset += 16 + captured
            }
        }
        self.records = records
    }
}
