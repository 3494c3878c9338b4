import Foundation
import TriscalePipeline

/// Prints a stage's progress: its messages as they come and training
/// progress through a ``ProgressPrinter``; `prefix` labels the result lines.
final class StagePrinter {
  private let training = ProgressPrinter()
  private let prefix: String
  private let enabled: Bool

  /// A printer labelling lines `prefix: …`; a disabled one (MPI ranks other than 0) prints nothing.
  init(prefix: String, enabled: Bool = true) {
    self.prefix = prefix
    self.enabled = enabled
  }

  /// Shows one progress event.
  func handle(_ event: StageEvent) {
    guard enabled else { return }
    switch event {
    case .message(let line): print(line)
    case .training(let event): training.handle(event)
    }
    fflush(nil)
  }

  /// Prints a finished stage's result lines.
  func show(_ record: StageRecord) {
    guard enabled else { return }
    for line in record.lines { print("\(prefix): \(line)") }
    fflush(nil)
  }
}

/// The command line as typed, for the provenance of measured figures.
var commandLineText: String {
  (["triscale"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
}
