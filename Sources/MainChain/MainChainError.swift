import Ledger
import Primitives
import Storage

/// Why the main chain refused something (codes 9501–9599, the MainChain module's block; see
/// docs/MAINCHAIN.md). A wrapped header or ledger error keeps its own code in `cause` so a
/// client can tell which rule fired.
public enum MainChainError: CodedError, Equatable {
    /// The genesis file or value cannot define a chain: `field` names what is wrong.
    case genesisInvalid(field: String, reason: String)
    /// A block's bytes do not decode.
    case blockMalformed(reason: String)
    case blockTooLarge(bytes: Int, limit: Int)
    case blockTooManyTransactions(count: Int, limit: Int)
    /// The header's transaction root is not the root of the block's transactions.
    case blockTransactionRootMismatch(expected: Hash256, got: Hash256)
    /// The header broke a `HeaderTree` rule (PoW, retarget, parent, time, ...).
    case blockHeaderRefused(HeaderChainError)
    /// Transaction `index` of a block (nil: a transaction sent alone) broke a ledger rule.
    case transactionRefused(index: Int?, LedgerError)
    /// Output `output` is locked by a program the main chain does not carry.
    case programNotAllowed(output: Int, program: String)
    /// Input `input` carries a witness the main chain does not accept.
    case witnessNotAllowed(input: Int, witness: String)
    /// A peg-out pays a sidechain burn the main chain already paid.
    case burnAlreadyPaid(Hash256)
    /// The mempool holds its limit of transactions or bytes.
    case mempoolFull(limit: Int)
    case mempoolDuplicate(Hash256)
    /// The transaction spends an output a pooled transaction already spends.
    case mempoolConflict(outputID: Hash256)
    case storage(StorageError)
    /// The store's contents break an invariant (not written by this code, or torn).
    case storeCorrupt(String)
    /// The store belongs to a chain with another genesis.
    case storeOtherChain(stored: Hash256, expected: Hash256)
    /// An RPC request does not decode.
    case requestMalformed(reason: String)
    case requestTooLarge(bytes: Int, limit: Int)
    case requestUnknownKind(UInt8)
    /// No block at that height or with that hash on this node.
    case notFound(String)
    /// The output was created on the best chain and has been spent.
    case outputSpent(Hash256)
    /// No output with that ID was ever created on the best chain (as far as the node knows).
    case outputUnknown(Hash256)
    case headerRangeTooLarge(count: UInt32, limit: UInt32)
    /// A ZeroMQ call failed (the code is the ZeroMQ error's, in the message).
    case transport(String)
    /// An outputs_held_by request asked for a page size outside 1...`max`.
    case pageLimitInvalid(limit: Int, max: Int)

    public var code: UInt16 {
        switch self {
        case .genesisInvalid: 9501
        case .blockMalformed: 9502
        case .blockTooLarge: 9503
        case .blockTooManyTransactions: 9504
        case .blockTransactionRootMismatch: 9505
        case .blockHeaderRefused: 9506
        case .transactionRefused: 9507
        case .programNotAllowed: 9508
        case .witnessNotAllowed: 9509
        case .burnAlreadyPaid: 9510
        case .mempoolFull: 9511
        case .mempoolDuplicate: 9512
        case .mempoolConflict: 9513
        case .storage: 9514
        case .storeCorrupt: 9515
        case .storeOtherChain: 9516
        case .requestMalformed: 9520
        case .requestTooLarge: 9521
        case .requestUnknownKind: 9522
        case .notFound: 9523
        case .outputSpent: 9524
        case .outputUnknown: 9525
        case .headerRangeTooLarge: 9526
        case .transport: 9530
        case .pageLimitInvalid: 9531
        }
    }

    public var name: String {
        switch self {
        case .genesisInvalid: "main_genesis_invalid"
        case .blockMalformed: "main_block_malformed"
        case .blockTooLarge: "main_block_too_large"
        case .blockTooManyTransactions: "main_block_too_many_transactions"
        case .blockTransactionRootMismatch: "main_block_transaction_root_mismatch"
        case .blockHeaderRefused: "main_block_header_refused"
        case .transactionRefused: "main_transaction_refused"
        case .programNotAllowed: "main_program_not_allowed"
        case .witnessNotAllowed: "main_witness_not_allowed"
        case .burnAlreadyPaid: "main_burn_already_paid"
        case .mempoolFull: "main_mempool_full"
        case .mempoolDuplicate: "main_mempool_duplicate"
        case .mempoolConflict: "main_mempool_conflict"
        case .storage: "main_storage"
        case .storeCorrupt: "main_store_corrupt"
        case .storeOtherChain: "main_store_other_chain"
        case .requestMalformed: "main_request_malformed"
        case .requestTooLarge: "main_request_too_large"
        case .requestUnknownKind: "main_request_unknown_kind"
        case .notFound: "main_not_found"
        case .outputSpent: "main_output_spent"
        case .outputUnknown: "main_output_unknown"
        case .headerRangeTooLarge: "main_header_range_too_large"
        case .transport: "main_transport"
        case .pageLimitInvalid: "main_page_limit_invalid"
        }
    }

    /// The code of the rule underneath, for a wrapped header or ledger error.
    public var cause: (code: UInt16, name: String)? {
        switch self {
        case .blockHeaderRefused(let error): (error.code, error.name)
        case .transactionRefused(_, let error): (error.code, error.name)
        case .storage(let error): (error.code, error.name)
        default: nil
        }
    }

    public var message: String {
        switch self {
        case .genesisInvalid(let field, let reason): "genesis field '\(field)': \(reason)"
        case .blockMalformed(let reason): "the block does not decode: \(reason)"
        case .blockTooLarge(let bytes, let limit): "the block is \(bytes) bytes; the limit is \(limit)"
        case .blockTooManyTransactions(let count, let limit): "the block has \(count) transactions; the limit is \(limit)"
        case .blockTransactionRootMismatch(let expected, let got):
            "the header's transaction root is \(got), the transactions give \(expected)"
        case .blockHeaderRefused(let error): "header refused: \(error.description)"
        case .transactionRefused(let index, let error):
            index.map { "transaction \($0) refused: \(error.description)" } ?? "transaction refused: \(error.description)"
        case .programNotAllowed(let output, let program): "output \(output): the main chain carries no \(program) outputs"
        case .witnessNotAllowed(let input, let witness): "input \(input): the main chain accepts no \(witness) witness"
        case .burnAlreadyPaid(let burn): "the burn \(burn) was already paid on the main chain"
        case .mempoolFull(let limit): "the mempool holds its limit (\(limit)); retry later"
        case .mempoolDuplicate(let id): "transaction \(id) is already in the mempool"
        case .mempoolConflict(let output): "output \(output) is already spent by a pooled transaction"
        case .storage(let error): "storage: \(error.description)"
        case .storeCorrupt(let reason): "the store is corrupt: \(reason)"
        case .storeOtherChain(let stored, let expected):
            "the store holds main chain \(stored), the genesis gives \(expected): use another directory"
        case .requestMalformed(let reason): "the request does not decode: \(reason)"
        case .requestTooLarge(let bytes, let limit): "the request is \(bytes) bytes; the limit is \(limit)"
        case .requestUnknownKind(let kind): "request kind \(kind) is not known"
        case .notFound(let what): "\(what) not found"
        case .outputSpent(let id): "output \(id) was spent"
        case .outputUnknown(let id): "output \(id) is not known"
        case .headerRangeTooLarge(let count, let limit): "asked for \(count) headers; at most \(limit) per request"
        case .transport(let reason): "transport: \(reason)"
        case .pageLimitInvalid(let limit, let max): "asked for a page of \(limit) outputs; give 1...\(max)"
        }
    }
}
