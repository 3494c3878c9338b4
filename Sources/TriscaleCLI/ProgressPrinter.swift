import Foundation
import TriscaleTrain

#if canImport(Glibc)
  import Glibc
#endif

/// Shows training progress: a live status line on a terminal, plain log lines
/// (about every 10% of an epoch) otherwise.
final class ProgressPrinter {
  private let interactive = isatty(STDOUT_FILENO) != 0

  func handle(_ event: TrainingEvent) {
    switch event {
    case .started(let epoch, let step, let totalEpochs, let stepsPerEpoch, let resumed):
      let what = resumed ? "resuming at epoch \(epoch + 1), step \(step)" : "starting"
      print("train: \(what) — \(totalEpochs) epochs of \(stepsPerEpoch) steps")
    case .step(let progress):
      let line = String(
        format: "epoch %d/%d  step %d/%d  %.0f samples/s  loss %.4f  acc %.2f%%  lr %.4f  ETA %@",
        progress.epoch + 1, progress.totalEpochs, progress.step, progress.stepsPerEpoch,
        progress.samplesPerSecond,
        progress.loss, progress.accuracy * 100, progress.learningRate,
        Self.duration(progress.remainingSeconds))
      if interactive {
        print("\r" + line + "\u{1B}[K", terminator: "")
        fflush(nil)
      } else if progress.step == progress.stepsPerEpoch
        || progress.step % max(progress.stepsPerEpoch / 10, 1) == 0
      {
        print(line)
      }
    case .epochFinished(let summary):
      if interactive { print("\r\u{1B}[K", terminator: "") }
      var line = String(
        format: "epoch %d/%d done in %.1f s  train loss %.4f  train acc %.2f%%  %.0f samples/s",
        summary.epoch + 1, summary.totalEpochs, summary.seconds, summary.trainLoss,
        summary.trainAccuracy * 100,
        summary.samplesPerSecond)
      if let test = summary.test {
        line += String(format: "  test acc %.2f%%", test.accuracy * 100)
      }
      print(line)
    }
    fflush(nil)
  }

  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let total = Int(seconds.rounded())
    return total >= 3600
      ? String(format: "%dh%02dm", total / 3600, total % 3600 / 60)
      : String(format: "%dm%02ds", total / 60, total % 60)
  }
}
