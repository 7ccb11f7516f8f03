import MASKit
import Synchronization
import Testing

@Suite struct WorkerPoolTests {
    @Test(arguments: [1, 2, 3, 5])
    func everyTaskRunsExactlyOnce(threads: Int) {
        let pool = WorkerPool(threads: threads)
        #expect(pool.threadCount == threads)
        for taskCount in [0, 1, 2, 7, 100] {
            let counts = UnsafeMutablePointer<Int>.allocate(capacity: max(taskCount, 1))
            counts.initialize(repeating: 0, count: max(taskCount, 1))
            defer { counts.deallocate() }
            for _ in 0..<50 {
                pool.parallelFor(taskCount: taskCount) { task, participant in
                    precondition(participant >= 0 && participant < threads)
                    counts[task] += 1
                }
            }
            #expect((0..<taskCount).allSatisfy { counts[$0] == 50 }, "\(threads) threads, \(taskCount) tasks")
        }
    }

    @Test func nestedJobsRunOnTheCallingThread() {
        let pool = WorkerPool(threads: 2)
        let total = Atomic<Int>(0)
        pool.parallelFor(taskCount: 4) { _, _ in
            pool.parallelFor(taskCount: 3) { _, _ in total.add(1, ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == 12)
    }

    @Test func poolsCanBeCreatedAndReleasedRepeatedly() {
        for _ in 0..<20 {
            let pool = WorkerPool(threads: 3)
            let total = Atomic<Int>(0)
            pool.parallelFor(taskCount: 9) { task, _ in total.add(task, ordering: .relaxed) }
            #expect(total.load(ordering: .relaxed) == 36)
        }
    }

    /// Hundreds of thousands of tiny jobs back to back, each capturing its own context, as decoding issues
    /// them: a worker still holding a finished job's closure when the dispatcher returns would trap in
    /// `withoutActuallyEscaping` (runs ended that way once, intermittently).
    @Test func manyShortJobsNeverOutliveTheirDispatch() {
        let pool = WorkerPool(threads: 2)
        let total = Atomic<Int>(0)
        for round in 0..<1_000_000 {
            let weight = [round & 7, 1]
            pool.parallelFor(taskCount: 2) { task, _ in total.add(weight[task], ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == (0..<1_000_000).reduce(0) { $0 + ($1 & 7) + 1 })
    }
}
