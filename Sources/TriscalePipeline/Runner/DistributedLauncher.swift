import Foundation
import TriscaleArtifact
import TriscaleCore
import TriscaleTrain

/// Starts a data-parallel train stage as `ranks` processes under Open MPI's
/// `mpirun`, each running `triscale run PIPELINE --worker STAGE`, and collects
/// rank 0's artifact and record from the stage's folder.
public struct DistributedLauncher {
  /// The `triscale` executable the ranks run.
  public var executable: String
  /// The `mpirun` to start them with.
  public var mpirun: String

  static let workerArtifact = "worker.tsm"
  static let workerRecord = "worker-record.json"

  /// A launcher for `executable` (normally this process's own).
  public init(executable: String, mpirun: String = "/usr/bin/mpirun") {
    self.executable = executable
    self.mpirun = mpirun
  }

  /// Runs `stage` on its ranks; lines the ranks print go to `report`.
  func run(
    _ stage: PipelineStage, pipeline: String, folder: String, inputPath: String?,
    report: (StageEvent) -> Void
  ) throws -> StageOutput {
    guard FileManager.default.isExecutableFile(atPath: mpirun) else {
      throw TriscaleError.invalidArgument(
        name: "stage '\(stage.name)' key 'ranks'", problem: "\(mpirun) is missing",
        fix: "Install Open MPI (scripts/install-system-deps.sh), or set ranks: 1")
    }
    var arguments = ["-np", String(stage.ranks), "--oversubscribe"]
    if let hostfile = stage.hostfile {
      arguments += ["--hostfile", hostfile]
    } else {
      arguments += ["--mca", "btl", "self,vader"]  // one host: shared memory only
    }
    if getuid() == 0 { arguments.append("--allow-run-as-root") }
    arguments += [executable, "run", pipeline, "--worker", stage.name, "--folder", folder]
    if let inputPath { arguments += ["--input", inputPath] }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: mpirun)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    var pending = Data()
    while case let chunk = pipe.fileHandleForReading.availableData, !chunk.isEmpty {
      pending.append(chunk)
      while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
        report(.message(String(decoding: pending[..<newline], as: UTF8.self)))
        pending.removeSubrange(...newline)
      }
    }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw TriscaleError.backend(
        operation: "stage '\(stage.name)' under mpirun",
        status: "exit status \(process.terminationStatus) (its error is printed above)")
    }
    let artifact = try ModelArtifact.read(path: folder + "/" + Self.workerArtifact)
    let recordPath = folder + "/" + Self.workerRecord
    guard let data = FileManager.default.contents(atPath: recordPath),
      let record = try? JSONDecoder().decode(StageRecord.self, from: data)
    else {
      throw TriscaleError.invalidFile(
        path: recordPath, problem: "rank 0 left no readable stage record",
        fix: "Run the pipeline again")
    }
    for name in [Self.workerArtifact, Self.workerRecord, "input.tsm"] {
      try? FileManager.default.removeItem(atPath: folder + "/" + name)
    }
    return StageOutput(artifact: artifact, record: record)
  }

  /// One rank's work: runs the stage `name` of `pipeline` with an MPI
  /// communicator in `folder` (resuming from its checkpoint); rank 0 writes
  /// the artifact and record for the launcher.
  public static func runWorker(
    pipeline: String, stage name: String, folder: String, inputPath: String?,
    report: @escaping (StageEvent) -> Void
  ) throws {
    let definition = try PipelineDefinition.read(path: pipeline)
    guard let stage = definition.stages.first(where: { $0.name == name }) else {
      throw TriscaleError.invalidArgument(
        name: "--worker", problem: "no stage '\(name)' in \(pipeline)", fix: "Name a stage")
    }
    let communicator = try MPICommunicator()
    defer { communicator.finish() }
    let context = StageContext.running(
      in: folder,
      command: "triscale run \(pipeline), stage \(name), \(communicator.size) MPI ranks",
      communicator: communicator
    ) { event in if communicator.rank == 0 { report(event) } }
    let input = try inputPath.map { try ModelArtifact.read(path: $0) }
    let output = try stage.run(input: input, context: context)
    guard communicator.rank == 0 else { return }
    try output.artifact?.write(to: folder + "/" + workerArtifact)
    try AtomicFile.write(JSONEncoder().encode(output.record), to: folder + "/" + workerRecord)
  }
}
