/// Owns the memory of an ``Int8Executor``'s prepared operations (packed
/// weights, biases, multipliers) and frees it with the executor.
final class Int8PreparedStorage {
  private var blocks: [UnsafeMutableRawPointer] = []
  /// Bytes allocated so far.
  private(set) var byteCount = 0

  /// A 64-byte aligned copy of `values` that lives as long as this storage.
  func copy<Element>(_ values: [Element]) -> UnsafeMutablePointer<Element> {
    let pointer = allocate(values.count, of: Element.self)
    values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    return pointer
  }

  /// Uninitialized, 64-byte aligned room for `count` elements.
  func allocate<Element>(_ count: Int, of type: Element.Type) -> UnsafeMutablePointer<Element> {
    let bytes = max(count * MemoryLayout<Element>.stride, 1)
    let block = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    blocks.append(block)
    byteCount += bytes
    return block.bindMemory(to: Element.self, capacity: max(count, 1))
  }

  deinit { for block in blocks { block.deallocate() } }
}
