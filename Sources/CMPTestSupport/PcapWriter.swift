import CMPCore

/// Writes capture files from frames, from the format specifications (classic pcap:
/// draft-ietf-opsawg-pcap; pcapng: draft-ietf-opsawg-pcapng), so capture tests need no fixtures.
public enum PcapWriter {
    /// Classic pcap. Magic 0xA1B2C3D4 (microseconds) or 0xA1B23C4D (nanoseconds), written in the
    /// chosen byte order (a reader tells the order from the magic). Microsecond files truncate the
    /// sub-microsecond part of each timestamp. `originalLengths`, if given, sets each record's
    /// original length (for snapped frames); otherwise it equals the captured length.
    public static func pcap(
        frames: [(timestamp: Timestamp, bytes: [UInt8])], linkType: LinkType, nanosecond: Bool = false,
        bigEndian: Bool = false, snapLength: UInt32 = 262_144, originalLengths: [Int]? = nil
    ) -> [UInt8] {
        var w = ByteWriter(bigEndian: bigEndian)
        w.u32(nanosecond ? 0xA1B2_3C4D : 0xA1B2_C3D4)
        w.u16(2); w.u16(4)  // version 2.4
        w.u32(0); w.u32(0)  // reserved (thiszone, sigfigs)
        w.u32(snapLength)
        w.u32(UInt32(bitPattern: linkType.rawValue))
        for (index, frame) in frames.enumerated() {
            w.u32(UInt32(truncatingIfNeeded: frame.timestamp.seconds))
            let fraction = nanosecond ? frame.timestamp.nanoseconds : frame.timestamp.nanoseconds / 1000
            w.u32(UInt32(fraction))
            w.u32(UInt32(frame.bytes.count))
            w.u32(UInt32(originalLengths?[index] ?? frame.bytes.count))
            w.append(frame.bytes)
        }
        return w.bytes
    }

    /// Byte offset of each record header in a file written by `pcap` (24-byte file header, then
    /// 16-byte record headers): for truncation tests.
    public static func pcapRecordOffsets(frames: [(timestamp: Timestamp, bytes: [UInt8])]) -> [Int] {
        var offsets = [Int]()
        var offset = 24
        for frame in frames {
            offsets.append(offset)
            offset += 16 + frame.bytes.count
        }
        return offsets
    }

    /// pcapng: a Section Header Block, one Interface Description Block (with `if_tsresol` = 9 for
    /// nanoseconds; the default resolution is microseconds) and one Enhanced Packet Block per frame.
    public static func pcapng(
        frames: [(timestamp: Timestamp, bytes: [UInt8])], linkType: LinkType, nanosecond: Bool = false,
        bigEndian: Bool = false
    ) -> [UInt8] {
        var out = [UInt8]()
        // SHB: byte-order magic 0x1A2B3C4D, version 1.0, section length unknown (-1).
        out += block(type: 0x0A0D_0D0A, bigEndian: bigEndian) { w in
            w.u32(0x1A2B_3C4D); w.u16(1); w.u16(0); w.u32(0xFFFF_FFFF); w.u32(0xFFFF_FFFF)
        }
        // IDB: link type, reserved, snap length 0 (no limit), options.
        out += block(type: 0x0000_0001, bigEndian: bigEndian) { w in
            w.u16(UInt16(truncatingIfNeeded: linkType.rawValue)); w.u16(0); w.u32(0)
            if nanosecond {
                w.u16(9); w.u16(1); w.u8(9); w.pad(to: 4)  // if_tsresol = 10^-9
                w.u16(0); w.u16(0)  // opt_endofopt
            }
        }
        for frame in frames {
            let units = nanosecond
                ? frame.timestamp.totalNanoseconds : frame.timestamp.totalNanoseconds / 1000
            let value = UInt64(bitPattern: units)
            out += block(type: 0x0000_0006, bigEndian: bigEndian) { w in
                w.u32(0)  // interface ID
                w.u32(UInt32(value >> 32)); w.u32(UInt32(value & 0xFFFF_FFFF))
                w.u32(UInt32(frame.bytes.count)); w.u32(UInt32(frame.bytes.count))
                w.append(frame.bytes); w.pad(to: 4)
            }
        }
        return out
    }

    /// A pcapng block: type, total length, body, total length again (the body is padded to 32 bits).
    private static func block(type: UInt32, bigEndian: Bool, body: (inout ByteWriter) -> Void) -> [UInt8] {
        var inner = ByteWriter(bigEndian: bigEndian)
        body(&inner)
        inner.pad(to: 4)
        var w = ByteWriter(bigEndian: bigEndian)
        let total = UInt32(12 + inner.bytes.count)
        w.u32(type); w.u32(total); w.append(inner.bytes); w.u32(total)
        return w.bytes
    }
}
