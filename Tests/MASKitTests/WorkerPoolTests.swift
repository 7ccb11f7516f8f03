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

    /// Jobs of changing sizes back to back, as a decode step issues them (mat-vecs of different widths):
    /// a worker late from one job must never claim a task of the next one in the window where the next
    /// job's task count is set but its tickets are not yet issued. It once did: that task ran outside the
    /// job's count, so the dispatcher could return while a worker still held its closure (the
    /// "closure argument was escaped in withoutActuallyEscaping block" trap), or a task ran twice.
    @Test func jobsOfChangingSizeEachRunTheirOwnTasksOnce() {
        let pool = WorkerPool(threads: 2)
        let sizes = [2, 7, 3, 16, 2, 5]
        let runs = Atomic<Int>(0)
        var expected = 0
        for round in 0..<300_000 {
            let size = sizes[round % sizes.count]
            expected += size
            let seen = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: size)
            for task in 0..<size { (seen + task).initialize(to: Atomic(0)) }
            pool.parallelFor(taskCount: size) { task, _ in
                seen[task].add(1, ordering: .relaxed)
                runs.add(1, ordering: .relaxed)
            }
            for task in 0..<size where seen[task].load(ordering: .relaxed) != 1 {
                Issue.record("round \(round): task \(task) of \(size) ran \(seen[task].load(ordering: .relaxed)) times")
            }
            seen.deallocate()
        }
        #expect(runs.load(ordering: .relaxed) == expected)
    }
}
