import Dispatch
import Foundation
import Synchronization

/// Stops a supervised node when its supervisor is gone. `lodestone devnet` starts each node
/// with `--parent-pid` set to its own process ID; a supervisor killed with SIGKILL cannot stop
/// its children, but each child is then re-parented (to init or a subreaper), which it sees
/// in `getppid()` and stops as on SIGTERM. Polling needs nothing from the parent and works on
/// every platform (Linux's `PR_SET_PDEATHSIG` follows the parent thread, not the process).
enum ParentWatch {
    /// How often the parent is checked: a node outlives its killed supervisor by at most this
    /// long plus its own stop.
    static let pollMs = 250

    /// Calls `gone` once, from a background queue, when `parent` is no longer this process's
    /// parent (at once if it already is not). Cancel the returned timer to stop watching.
    static func start(parent: pid_t, gone: @escaping @Sendable () -> Void) -> any DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        let reported = Reported()
        timer.schedule(deadline: .now(), repeating: .milliseconds(pollMs))
        timer.setEventHandler {
            // The caller cancels the timer; until then a gone parent is reported once.
            guard getppid() != parent, !reported.flag.exchange(true, ordering: .relaxed) else { return }
            gone()
        }
        timer.resume()
        return timer
    }

    /// Whether `gone` was called, shared with the timer's handler.
    private final class Reported: Sendable {
        let flag = Atomic<Bool>(false)
    }
}
