import CMPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounded single-producer, single-consumer queue of message batches between the two threads
/// of `TwoStageReader`. Bounded, by count and by weight (bytes, roughly), so a fast reader cannot
/// buffer a whole capture's messages ahead of a slow consumer (memory stays flat, even when every
/// message is a large one); batches so the lock is taken once per many messages.
final class BatchChannel: @unchecked Sendable {
    /// What the reading stage hands over when it is done.
    struct Ending {
        var report: DissectionReport
        var captureStart: Timestamp?
        var error: (any Error)?
    }

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var batches: [[PreparedMessage]] = []
    private var queuedMessages = 0
    private var queuedWeight = 0
    private var ending: Ending?
    private var consumerStopped = false
    private var captureStart: Timestamp?
    private let capacity: Int
    private let maxWeight: Int

    init(capacity: Int, maxWeight: Int) {
        self.capacity = capacity
        self.maxWeight = maxWeight
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        changed.deallocate()
    }

    /// Waits while the queue is full; returns false once the consumer has stopped (e.g. `-c`).
    /// A batch is taken whole once the queue is below its bounds, so one large message still passes.
    func send(_ batch: [PreparedMessage], weight: Int, captureStart start: Timestamp?) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while (queuedMessages >= capacity || queuedWeight >= maxWeight) && !consumerStopped {
            pthread_cond_wait(changed, mutex)
        }
        if consumerStopped { return false }
        if captureStart == nil { captureStart = start }
        batches.append(batch)
        queuedMessages += batch.count
        queuedWeight += weight
        pthread_cond_signal(changed)
        return true
    }

    func finish(_ end: Ending) {
        pthread_mutex_lock(mutex)
        ending = end
        pthread_cond_signal(changed)
        pthread_mutex_unlock(mutex)
    }

    /// The next batches in order, or the ending once everything before it was received.
    func receive() -> (batches: [[PreparedMessage]], captureStart: Timestamp?, ending: Ending?) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while batches.isEmpty && ending == nil { pthread_cond_wait(changed, mutex) }
        let taken = batches
        batches.removeAll(keepingCapacity: true)
        queuedMessages = 0
        queuedWeight = 0
        pthread_cond_signal(changed)
        return (taken, captureStart, taken.isEmpty ? ending : nil)
    }

    /// Messages sent and not yet received: how far the consumer is behind.
    var backlog: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return queuedMessages
    }

    /// True once the consumer needs nothing more.
    var isStopped: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return consumerStopped
    }

    func stopConsuming() {
        pthread_mutex_lock(mutex)
        consumerStopped = true
        pthread_cond_signal(changed)
        pthread_mutex_unlock(mutex)
    }
}
