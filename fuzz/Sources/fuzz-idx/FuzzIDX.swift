import Foundation
import TriscaleData

/// One input: an IDX labels file and its images file, packed as a
/// little-endian `UInt16` labels length, the labels file, then the images
/// file (the rest); decoded into a dataset with and without a given class count.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size >= 2 else { return 0 }
  let labelsLength = min(Int(bytes[0]) | Int(bytes[1]) << 8, size - 2)
  let labels = Data(bytes: bytes + 2, count: labelsLength)
  let images = Data(bytes: bytes + 2 + labelsLength, count: size - 2 - labelsLength)
  for classCount in [nil, 10] {
    _ = try? IDXReader.decode(
      images: ("t10k-images-idx3-ubyte", images), labels: ("t10k-labels-idx1-ubyte", labels),
      name: "fuzz", classCount: classCount)
  }
  return 0
}
