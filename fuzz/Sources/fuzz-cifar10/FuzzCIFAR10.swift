import Foundation
import TriscaleData

/// One input: a CIFAR-10 `test_batch.bin`, checked and converted to a dataset.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCIFAR10(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  _ = try? CIFAR10Reader.decode(
    [("test_batch.bin", Data(bytes: bytes, count: size))], split: .test)
  return 0
}
