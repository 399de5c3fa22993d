/// How far one direction of a generated connection is contiguous as its segments are written, in
/// capture order: a message is complete in the frame that makes its last byte contiguous, which is
/// the frame tshark and cmpdissect report for it (a reordered segment completes in the frame that
/// fills the hole, a retransmission of delivered bytes completes nothing).
struct StreamCompletionTracker {
    private(set) var contiguous = 0
    private var pending: [Range<Int>] = []

    mutating func add(_ start: Int, _ end: Int) {
        guard end > start else { return }
        if start > contiguous {
            pending.append(start..<end)
            return
        }
        contiguous = max(contiguous, end)
        var absorbed = true
        while absorbed {
            absorbed = false
            for (index, range) in pending.enumerated() where range.lowerBound <= contiguous {
                contiguous = max(contiguous, range.upperBound)
                pending.remove(at: index)
                absorbed = true
                break
            }
        }
    }
}
