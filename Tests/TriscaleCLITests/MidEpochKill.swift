import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Kills a running `triscale` with SIGKILL as soon as its training checkpoint
/// is a mid-epoch one, decoding every version of the checkpoint it sees on the
/// way (a half-written one would not decode).
enum MidEpochKill {
  /// How long the run may take to write its first mid-epoch checkpoint.
  static let timeout = Duration.seconds(120)

  /// Watches `checkpoint()` (nil while the file's path is not known yet) while
  /// `victim` runs and kills it at a mid-epoch version. Returns whether it
  /// did; otherwise records why and makes sure `victim` is stopped.
  ///
  /// The polling runs on a dedicated thread: other suites' synchronous tests
  /// can occupy every thread of Swift's cooperative pool for longer than the
  /// whole training run, and a starved watcher would miss every checkpoint.
  static func kill(_ victim: TriscaleProcess, checkpoint: @escaping @Sendable () -> String?)
    async -> Bool
  {
    let watched = victim
    let failure: String? = await withCheckedContinuation { continuation in
      Thread { continuation.resume(returning: watch(watched, checkpoint: checkpoint)) }.start()
    }
    if let failure { Issue.record(Comment(rawValue: failure)) }
    return failure == nil
  }

  /// The watching loop; returns nil once it killed `victim` at a mid-epoch checkpoint, else why not.
  private static func watch(_ victim: TriscaleProcess, checkpoint: () -> String?) -> String? {
    var watcher: CheckpointWatcher?
    let deadline = ContinuousClock.now + timeout
    while victim.isRunning {
      guard ContinuousClock.now < deadline else {
        victim.kill()
        return "no mid-epoch checkpoint at \(watcher?.path ?? "?") within \(timeout)"
      }
      if watcher == nil, let path = checkpoint() { watcher = CheckpointWatcher(path: path) }
      do {
        if let file = try watcher?.poll(),
          Int(file.metadata["checkpoint.step_in_epoch"] ?? "") ?? 0 > 0
        {
          victim.kill()
          return nil
        }
      } catch {
        victim.kill()
        return
          "checkpoint version \(watcher?.versionsSeen ?? 0) did not decode during training: \(error)"
      }
      usleep(2_000)
    }
    return "the run ended before a mid-epoch checkpoint appeared at \(watcher?.path ?? "?")"
  }
}
