import CMPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounded single-producer, single-consumer queue of envelope batches between the two threads
/// of `TwoStageReader`. Bounded so a fast reader cannot buffer a whole capture's envelopes ahead of
/// a slow decoder (memory stays flat); batches so the lock is taken once per many envelopes.
final class EnvelopeChannel: @unchecked Sendable {
    /// What the reading stage hands over when it is done.
    struct Ending {
        var report: DissectionReport
        var captureStart: Timestamp?
        var error: (any Error)?
    }

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var batches: [[CMPEnvelope]] = []
    private var queuedEnvelopes = 0
    private var ending: Ending?
    private var consumerStopped = false
    private var captureStart: Timestamp?
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
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
    func send(_ batch: [CMPEnvelope], captureStart start: Timestamp?) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while queuedEnvelopes >= capacity && !consumerStopped { pthread_cond_wait(changed, mutex) }
        if consumerStopped { return false }
        if captureStart == nil { captureStart = start }
        batches.append(batch)
        queuedEnvelopes += batch.count
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
    func receive() -> (batches: [[CMPEnvelope]], captureStart: Timestamp?, ending: Ending?) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while batches.isEmpty && ending == nil { pthread_cond_wait(changed, mutex) }
        let taken = batches
        batches.removeAll(keepingCapacity: true)
        queuedEnvelopes = 0
        pthread_cond_signal(changed)
        return (taken, captureStart, taken.isEmpty ? ending : nil)
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
