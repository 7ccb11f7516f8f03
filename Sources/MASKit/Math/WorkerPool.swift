import Foundation
import Synchronization

/// A fixed set of threads that run the parts of one parallel loop together with the calling thread.
///
/// Dispatch is built for many small jobs in a row (a decode step runs a few hundred mat-vecs): idle
/// workers spin on an atomic generation counter for a short while before they block, so a job issued
/// shortly after the previous one starts within about a microsecond. Jobs are split into numbered tasks
/// that the participants claim one at a time, which also balances uneven tasks.
///
/// A job issued while another is running (from another thread, or from inside a task) runs on the
/// calling thread alone, so nesting is safe.
public final class WorkerPool: Sendable {
    /// One pool for the process, with a participant per core.
    public static let shared = WorkerPool(threads: ProcessInfo.processInfo.activeProcessorCount)

    /// Participants in a job: the worker threads plus the calling thread.
    public let threadCount: Int
    private let state: PoolState

    /// A pool of `threads` participants (at least 1; `threads − 1` threads are started).
    public init(threads: Int) {
        threadCount = max(1, threads)
        state = PoolState(workers: threadCount - 1)
        for worker in 1..<max(threadCount, 1) {
            let state = self.state
            let thread = Thread { state.workerLoop(participant: worker) }
            thread.name = "mastui-worker-\(worker)"
            thread.start()
        }
    }

    deinit { state.shutDown() }

    /// Runs `body(task, participant)` for every task in 0..<taskCount and returns when all have run.
    /// `participant` (0..<threadCount) identifies the thread, for per-thread scratch space; 0 is the caller.
    public func parallelFor(taskCount: Int, _ body: (_ task: Int, _ participant: Int) -> Void) {
        guard taskCount > 1, threadCount > 1, state.tryBegin() else {
            for task in 0..<taskCount { body(task, 0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            state.run(Job(body: body, taskCount: taskCount))
        }
    }
}

struct Job {
    let body: (Int, Int) -> Void
    let taskCount: Int
}

/// The shared state of the pool and its threads.
///
/// Tasks are claimed from `ticket`, which holds the job's generation in its high 32 bits and the next
/// task index in its low 32 bits, so a worker that wakes late can never claim a task of a later job.
/// The dispatching thread claims tasks too and then waits only for tasks that workers actually claimed:
/// a worker the scheduler has not run yet costs nothing (the machine may be busy with other processes).
private final class PoolState: @unchecked Sendable {
    let workers: Int
    /// Incremented to publish a job; workers wait for it to change.
    let generation = Atomic<Int>(0)
    let ticket = Atomic<Int>(0)
    let taskCount = Atomic<Int>(0)
    let completed = Atomic<Int>(0)
    let busy = Atomic<Bool>(false)
    let sleepers = Atomic<Int>(0)
    let stopping = Atomic<Bool>(false)
    /// Written only by the dispatching thread before `ticket` is released; read by a worker only after it
    /// has claimed a task, while the dispatching thread waits for that task.
    nonisolated(unsafe) var job: Job?
    let lock = NSCondition()

    /// How long an idle worker spins before blocking.
    static let spinNanoseconds: UInt64 = 3_000_000
    static let taskBits = 32
    /// A task index no job reaches: tickets of a generation being set up.
    static let noTask = (1 << taskBits) - 1

    init(workers: Int) { self.workers = workers }

    func tryBegin() -> Bool {
        busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    func run(_ job: Job) {
        let next = generation.load(ordering: .relaxed) + 1
        // Retire the previous job's tickets before its task count changes: a worker late from that job may
        // hold its ticket and read the new count, and with the old ticket still in place its claim would
        // succeed — a task outside this job's count, running while the dispatcher returns.
        ticket.store(next << Self.taskBits | Self.noTask, ordering: .sequentiallyConsistent)
        self.job = job
        taskCount.store(job.taskCount, ordering: .releasing)
        completed.store(0, ordering: .relaxed)
        ticket.store(next << Self.taskBits, ordering: .releasing)
        generation.store(next, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            lock.lock(); lock.broadcast(); lock.unlock()
        }
        runTasks(generation: next, participant: 0)
        var spins = 0
        while completed.load(ordering: .acquiring) < job.taskCount { Self.pause(&spins) }
        self.job = nil
        busy.store(false, ordering: .releasing)
    }

    /// Claims and runs tasks of job `generation` until none are left.
    func runTasks(generation: Int, participant: Int) {
        while let task = claim(generation: generation) {
            runClaimed(task, participant: participant)
            completed.add(1, ordering: .releasing)
        }
    }

    private func claim(generation: Int) -> Int? {
        var current = ticket.load(ordering: .acquiring)
        while true {
            guard current >> Self.taskBits == generation else { return nil }
            let task = current & Self.noTask
            guard task < taskCount.load(ordering: .acquiring) else { return nil }
            let (exchanged, original) = ticket.compareExchange(expected: current, desired: current + 1,
                                                               ordering: .acquiringAndReleasing)
            if exchanged { return task }
            current = original
        }
    }

    /// Runs one claimed task; the job's closure is released before the task is counted as done. Not inlined:
    /// the release must stay inside, where the optimiser cannot sink it past the caller's count, after which
    /// the dispatcher's `withoutActuallyEscaping` checks that nobody holds the closure any more.
    @inline(never)
    private func runClaimed(_ task: Int, participant: Int) {
        job?.body(task, participant)
    }

    func workerLoop(participant: Int) {
        var seen = 0
        while true {
            seen = waitForJob(after: seen)
            if stopping.load(ordering: .acquiring) { return }
            runTasks(generation: seen, participant: participant)
        }
    }

    /// Spins, then blocks, until the generation moves past `seen`; returns the new generation.
    private func waitForJob(after seen: Int) -> Int {
        let start = DispatchTime.now().uptimeNanoseconds
        var spins = 0
        while true {
            let current = generation.load(ordering: .acquiring)
            if current != seen { return current }
            Self.pause(&spins)
            if spins & 255 == 0, DispatchTime.now().uptimeNanoseconds - start > Self.spinNanoseconds { break }
        }
        lock.lock()
        sleepers.add(1, ordering: .sequentiallyConsistent)
        while generation.load(ordering: .sequentiallyConsistent) == seen { lock.wait() }
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
        lock.unlock()
        return generation.load(ordering: .acquiring)
    }

    /// One step of a spin-wait: busy for the first few hundred steps, then giving the core away each step,
    /// so that a waiting thread does not starve the one it waits for when cores are oversubscribed.
    static func pause(_ spins: inout Int) {
        spins += 1
        if spins > 200 { sched_yield() }
    }

    func shutDown() {
        stopping.store(true, ordering: .releasing)
        generation.add(1, ordering: .sequentiallyConsistent)
        lock.lock(); lock.broadcast(); lock.unlock()
    }
}
