import Foundation
import TriscaleArtifact
import TriscaleTrain

/// What a stage may use besides its configuration and inputs: where its files
/// go, whether to resume, whom to tell about progress, and who is asking.
public struct StageContext {
  /// The checkpoint file of a training stage (resumed from when ``resume`` is set).
  public var checkpointPath: String
  /// The path a stage writes a named file to (an export's `model.tflite`).
  public var filePath: (String) -> String
  /// Continue from the checkpoint when there is one.
  public var resume: Bool
  /// Receives progress while the stage runs.
  public var report: (StageEvent) -> Void
  /// What ran the stage, for the provenance of measured figures
  /// ("triscale quantize …", "triscale run pipeline.yaml, stage edge").
  public var command: String
  /// The host description for measured figures.
  public var host: String
  /// The processes training runs on (one unless under `mpirun`).
  public var communicator: Communicator
  /// Models of other stages the stage refers to by key (``Stage/modelReferenceKeys``).
  public var inputs: [String: ModelArtifact] = [:]

  /// A context; `filePath` defaults to files beside the checkpoint.
  public init(
    checkpointPath: String, filePath: ((String) -> String)? = nil, resume: Bool = false,
    command: String, host: String = HostDescription.current,
    communicator: Communicator = SingleProcess(), report: @escaping (StageEvent) -> Void
  ) {
    self.checkpointPath = checkpointPath
    self.filePath =
      filePath ?? {
        URL(fileURLWithPath: checkpointPath).deletingLastPathComponent().appendingPathComponent($0)
          .path
      }
    self.resume = resume
    self.command = command
    self.host = host
    self.communicator = communicator
    self.report = report
  }

  /// A context for a stage that runs in `folder` (a pipeline cache entry):
  /// its checkpoint and files live there, and it resumes when a checkpoint exists.
  public static func running(
    in folder: String, command: String, communicator: Communicator = SingleProcess(),
    report: @escaping (StageEvent) -> Void
  ) -> StageContext {
    let checkpoint = folder + "/" + StageCache.checkpointFile
    return StageContext(
      checkpointPath: checkpoint, filePath: { folder + "/" + $0 },
      resume: FileManager.default.fileExists(atPath: checkpoint), command: command,
      communicator: communicator, report: report)
  }

  /// The provenance of a figure measured now by this stage.
  public var measured: Provenance {
    .measured(host: host, date: ISO8601DateFormatter().string(from: Date()), command: command)
  }

  /// Whether this process reports and writes (rank 0, or the only process).
  public var isLeader: Bool { communicator.rank == 0 }
}

/// Progress from a running stage.
public enum StageEvent {
  /// A line worth showing ("train: resnet8 (78,186 parameters) on …").
  case message(String)
  /// A training step, epoch or start.
  case training(TrainingEvent)
}
