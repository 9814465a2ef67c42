/// BLAKE3 (O'Connor, Aumasson, Neves, Wilcox-O'Hearn 2020; spec and reference
/// implementation at github.com/BLAKE3-team/BLAKE3): a hash with an extendable output (XOF)
/// and keyed and key-derivation modes, in portable Swift. The UTXO-set commitment uses it to
/// expand an element into LtHash's 2048 bytes (see `LtHash`).
///
/// Pure scalar code: the compression function is unrolled on `UInt32` locals (see
/// `BLAKE3+Compress.swift`) and no block allocates; only the chaining-value stack of inputs
/// longer than one 1024-byte chunk uses an array.
public enum BLAKE3 {
    /// Bytes of the default output (and of a key).
    public static let outputBytes = 32
    /// Bytes of a key for the keyed mode.
    static let keyBytes = 32
    /// Bytes of a message block.
    static let blockBytes = 64
    /// Bytes of a chunk, a leaf of the hash tree.
    static let chunkBytes = 1024
    /// Longest extended output one call produces: 2^32 blocks would wrap nothing (the counter
    /// is 64-bit), but no caller needs more than this and a limit keeps allocations bounded.
    public static let maxOutputBytes = 1 << 24

    /// SHA-256's initial hash words, BLAKE3's IV.
    static let iv = Words8(
        h0: 0x6A09_E667, h1: 0xBB67_AE85, h2: 0x3C6E_F372, h3: 0xA54F_F53A, h4: 0x510E_527F, h5: 0x9B05_688C, h6: 0x1F83_D9AB,
        h7: 0x5BE0_CD19)

    /// Domain flags of the compression function (spec Table 3).
    enum Flag {
        static let chunkStart: UInt32 = 1 << 0
        static let chunkEnd: UInt32 = 1 << 1
        static let parent: UInt32 = 1 << 2
        static let root: UInt32 = 1 << 3
        static let keyedHash: UInt32 = 1 << 4
        static let deriveKeyContext: UInt32 = 1 << 5
        static let deriveKeyMaterial: UInt32 = 1 << 6
    }

    /// The hash of `input` in the default mode: `outputLength` bytes of extended output
    /// (32 by default; a shorter output is a prefix of a longer one).
    public static func hash(_ input: some Collection<UInt8>, outputLength: Int = outputBytes) -> [UInt8] {
        var hasher = Hasher()
        hasher.update(input)
        return hasher.finalize(outputLength: outputLength)
    }

    /// An incremental BLAKE3 hasher in one of its three modes.
    public struct Hasher: Sendable {
        /// The key words (the IV in the default mode).
        let key: Words8
        /// The mode's flag, added to every compression.
        let modeFlags: UInt32
        /// The chunk being filled.
        var chunk: ChunkState
        /// Chaining values of completed subtrees, largest first (at most 54: 2^54 chunks).
        var stack: [Words8] = []

        /// The default (unkeyed) mode.
        public init() { self.init(key: BLAKE3.iv, modeFlags: 0) }

        /// The keyed mode: `key` is 32 bytes (a MAC or PRF key).
        init(key: [UInt8]) {
            precondition(key.count == BLAKE3.keyBytes, "a BLAKE3 key is 32 bytes")
            let words = key.withUnsafeBytes { raw in
                Words8(
                    h0: raw.loadLittleEndianWord(0), h1: raw.loadLittleEndianWord(1), h2: raw.loadLittleEndianWord(2),
                    h3: raw.loadLittleEndianWord(3), h4: raw.loadLittleEndianWord(4), h5: raw.loadLittleEndianWord(5),
                    h6: raw.loadLittleEndianWord(6), h7: raw.loadLittleEndianWord(7))
            }
            self.init(key: words, modeFlags: Flag.keyedHash)
        }

        /// The key-derivation mode for `context`, a hard-coded, globally unique, application-
        /// specific string (the spec's rule): the context is hashed once into a key and the
        /// input is then the key material. Two contexts give unrelated functions, which is how
        /// the commitment separates its element expansion from its digest and from any other
        /// use of BLAKE3.
        public init(derivingKeyFrom context: String) {
            var contextHasher = Hasher(key: BLAKE3.iv, modeFlags: Flag.deriveKeyContext)
            contextHasher.update(Array(context.utf8))
            self.init(key: contextHasher.rootOutput().block(0).firstHalf, modeFlags: Flag.deriveKeyMaterial)
        }

        init(key: Words8, modeFlags: UInt32) {
            self.key = key
            self.modeFlags = modeFlags
            chunk = ChunkState(key: key, chunkCounter: 0, flags: modeFlags)
        }

        /// Adds `input` to the hashed message.
        public mutating func update(_ input: some Collection<UInt8>) {
            if input.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) == nil {
                Array(input).withUnsafeBytes { update($0) }
            }
        }

        /// Adds the bytes of `input` to the hashed message.
        public mutating func update(_ input: UnsafeRawBufferPointer) {
            guard var next = input.baseAddress else { return }
            var remaining = input.count
            while remaining > 0 {
                // A full chunk is closed only once more input shows it is not the root.
                if chunk.length == BLAKE3.chunkBytes {
                    let chunkCV = chunk.output().chainingValue
                    let total = chunk.chunkCounter + 1
                    push(chunkCV, totalChunks: total)
                    chunk = ChunkState(key: key, chunkCounter: total, flags: modeFlags)
                }
                let take = min(BLAKE3.chunkBytes - chunk.length, remaining)
                chunk.update(next, count: take)
                next += take
                remaining -= take
            }
        }

        /// Merges completed subtrees: one parent per trailing zero bit of the chunk count.
        private mutating func push(_ chunkCV: Words8, totalChunks: UInt64) {
            var cv = chunkCV
            var total = totalChunks
            while total & 1 == 0, let left = stack.popLast() {
                cv = Output.parent(left: left, right: cv, key: key, flags: modeFlags).chainingValue
                total >>= 1
            }
            stack.append(cv)
        }

        /// The root node, whose compressions with counters 0, 1, 2, … give the output.
        func rootOutput() -> Output {
            var output = chunk.output()
            for left in stack.reversed() {
                output = Output.parent(left: left, right: output.chainingValue, key: key, flags: modeFlags)
            }
            return output
        }

        /// `outputLength` bytes of the hash (extended output; the hasher is not consumed, so
        /// more input may follow).
        public func finalize(outputLength: Int = BLAKE3.outputBytes) -> [UInt8] {
            precondition((0...BLAKE3.maxOutputBytes).contains(outputLength), "BLAKE3 output length out of range")
            let root = rootOutput()
            return [UInt8](unsafeUninitializedCapacity: outputLength) { buffer, count in
                root.fill(UnsafeMutableRawBufferPointer(buffer))
                count = outputLength
            }
        }
    }

    /// The chunk being filled: its chaining value so far and its last, still open, block.
    struct ChunkState: Sendable {
        var cv: Words8
        let chunkCounter: UInt64
        let flags: UInt32
        /// The open block's bytes; bytes past `bufferLength` are zero.
        var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        var bufferLength = 0
        var blocksCompressed = 0

        init(key: Words8, chunkCounter: UInt64, flags: UInt32) {
            cv = key
            self.chunkCounter = chunkCounter
            self.flags = flags
        }

        /// Bytes of the chunk taken so far.
        var length: Int { BLAKE3.blockBytes * blocksCompressed + bufferLength }

        private var startFlag: UInt32 { blocksCompressed == 0 ? Flag.chunkStart : 0 }

        /// Takes `count` bytes (at most what the chunk has room for). A block is compressed
        /// only when more bytes follow it, since the last one gets `chunkEnd` (and maybe `root`).
        mutating func update(_ input: UnsafeRawPointer, count: Int) {
            var next = input
            var remaining = count
            while remaining > 0 {
                if bufferLength == BLAKE3.blockBytes {
                    let block = withUnsafeBytes(of: &buffer) { Block(loading: $0.baseAddress!) }
                    compressFull(block)
                    buffer = (0, 0, 0, 0, 0, 0, 0, 0)
                    bufferLength = 0
                }
                if bufferLength == 0 && remaining > BLAKE3.blockBytes {
                    // Whole blocks straight from the input, no copy.
                    compressFull(Block(loading: next))
                    next += BLAKE3.blockBytes
                    remaining -= BLAKE3.blockBytes
                    continue
                }
                let take = min(BLAKE3.blockBytes - bufferLength, remaining)
                withUnsafeMutableBytes(of: &buffer) { raw in
                    raw.baseAddress!.advanced(by: bufferLength).copyMemory(from: next, byteCount: take)
                }
                bufferLength += take
                next += take
                remaining -= take
            }
        }

        private mutating func compressFull(_ block: Block) {
            cv =
                BLAKE3.compress(cv, block, counter: chunkCounter, length: UInt32(BLAKE3.blockBytes), flags: flags | startFlag)
                .firstHalf
            blocksCompressed += 1
        }

        /// The chunk's last block, not yet compressed.
        func output() -> Output {
            let block = withUnsafeBytes(of: buffer) { Block(loading: $0.baseAddress!) }
            return Output(
                cv: cv, block: block, counter: chunkCounter, length: UInt32(bufferLength), flags: flags | startFlag | Flag.chunkEnd)
        }
    }

    /// A node's last compression, not yet run: as a child it gives a chaining value, as the
    /// root any number of 64-byte output blocks (counter = block index, `root` flag).
    public struct Output: Sendable {
        let cv: Words8
        let block: Block
        let counter: UInt64
        let length: UInt32
        let flags: UInt32

        static func parent(left: Words8, right: Words8, key: Words8, flags: UInt32) -> Output {
            Output(
                cv: key, block: Block(left: left, right: right), counter: 0, length: UInt32(BLAKE3.blockBytes), flags: flags | Flag.parent)
        }

        var chainingValue: Words8 { BLAKE3.compress(cv, block, counter: counter, length: length, flags: flags).firstHalf }

        /// Output block `index` of the root: bytes 64·index ..< 64·index + 64 of the extended output.
        @inline(__always)
        func block(_ index: UInt64) -> Block {
            BLAKE3.compress(cv, block, counter: index, length: length, flags: flags | Flag.root)
        }

        /// Fills `output` with the extended output from its first byte.
        func fill(_ output: UnsafeMutableRawBufferPointer) {
            guard let base = output.baseAddress else { return }
            var offset = 0
            var index: UInt64 = 0
            while offset < output.count {
                let words = block(index)
                let take = min(BLAKE3.blockBytes, output.count - offset)
                if take == BLAKE3.blockBytes {
                    words.store(to: base + offset)
                } else {
                    withUnsafeTemporaryAllocation(byteCount: BLAKE3.blockBytes, alignment: 4) { scratch in
                        words.store(to: scratch.baseAddress!)
                        (base + offset).copyMemory(from: scratch.baseAddress!, byteCount: take)
                    }
                }
                offset += take
                index += 1
            }
        }
    }
}

extension UnsafeRawBufferPointer {
    /// Word `index` (bytes 4·index ..< 4·index + 4) read little-endian.
    fileprivate func loadLittleEndianWord(_ index: Int) -> UInt32 {
        UInt32(littleEndian: loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
    }
}
