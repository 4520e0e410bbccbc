import { P2PEvent } from '../shared/index.js';
import type { Transfer, TransferState } from '../../sessions/files/transfer.js';

/** What a receiver learns about an offered file before any byte flows. */
export interface FileOffer {
  /** Transfer id: pass it to `accept(id)`, `decline(id)`, `cancel(id)`. */
  readonly id: string;
  /** File name as plain text (paths and control characters removed; render it as text). */
  readonly name: string;
  readonly size: number;
  /** MIME type the sender's browser reported; may be empty; not verified. */
  readonly type: string;
  /** Sender's peer id. */
  readonly from: string;
}

/**
 * `p2p-file-offer` (cancelable): a peer offers a file. Call `accept()` or `decline()` (now or later),
 * or `preventDefault()` to decline. If the page does none of these during dispatch, the element
 * shows accept/decline buttons (or accepts at once with `auto-accept`).
 */
export class P2PFileOfferEvent extends P2PEvent {
  static readonly eventName = 'p2p-file-offer';
  /** True once the page called `accept()`/`decline()`. */
  decided = false;
  constructor(readonly offer: FileOffer, private readonly answer: (ok: boolean) => void) {
    super(P2PFileOfferEvent.eventName, { cancelable: true });
  }

  /** Accepts the offer: bytes start flowing. */
  accept(): void { this.decided = true; this.answer(true); }

  /** Declines the offer: the sender is told, no byte flows. */
  decline(): void { this.decided = true; this.answer(false); }
}

/** `p2p-file-progress`: bytes moved on a transfer (either direction); read `transfer.bytes`, `.bytesPerSecond`, `.eta`. */
export class P2PFileProgressEvent extends P2PEvent {
  static readonly eventName = 'p2p-file-progress';
  constructor(readonly transfer: Transfer) { super(P2PFileProgressEvent.eventName); }
}

/** `p2p-transfer-change`: a transfer changed state (offered → queued → transferring → … → done/declined/cancelled/failed). */
export class P2PTransferChangeEvent extends P2PEvent {
  static readonly eventName = 'p2p-transfer-change';
  constructor(readonly transfer: Transfer, readonly state: TransferState, readonly previous: TransferState) {
    super(P2PTransferChangeEvent.eventName);
  }
}

/** `p2p-file-received`: a file arrived whole and its SHA-256 matched the sender's. */
export class P2PFileReceivedEvent extends P2PEvent {
  static readonly eventName = 'p2p-file-received';
  constructor(
    /** The received file (backed by the browser's blob store, not page memory). */
    readonly file: File,
    /** Lowercase hex SHA-256 of `file`. */
    readonly sha256: string,
    /** Sender's peer id. */
    readonly from: string,
    readonly transfer: Transfer,
  ) { super(P2PFileReceivedEvent.eventName); }
}

/** `p2p-file-sent`: the receiver confirmed it got the file and its SHA-256 matched. */
export class P2PFileSentEvent extends P2PEvent {
  static readonly eventName = 'p2p-file-sent';
  constructor(readonly transfer: Transfer, readonly sha256: string, readonly to: string) {
    super(P2PFileSentEvent.eventName);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'p2p-file-offer': P2PFileOfferEvent;
    'p2p-file-progress': P2PFileProgressEvent;
    'p2p-transfer-change': P2PTransferChangeEvent;
    'p2p-file-received': P2PFileReceivedEvent;
    'p2p-file-sent': P2PFileSentEvent;
  }
}
