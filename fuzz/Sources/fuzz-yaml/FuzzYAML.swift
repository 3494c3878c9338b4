import Foundation
import TriscalePipeline

/// One input: the text of a YAML file, read both ways Triscale reads YAML: as
/// a `--config` file (``BoundedYAML/load(_:path:limits:)`` to plain values, the
/// call `ConfigFile` makes) and as a pipeline file (``PipelineDefinition``,
/// every stage's configuration decoded). Bytes that are not UTF-8 are refused
/// before parsing, as ``BoundedYAML/readText(path:what:fix:limits:)`` refuses them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard let text = String(data: Data(bytes: bytes, count: size), encoding: .utf8) else { return 0 }
  _ = try? BoundedYAML.load(text, path: "fuzz-config.yaml")
  _ = try? PipelineDefinition.decode(text, path: "fuzz-pipeline.yaml")
  return 0
}
