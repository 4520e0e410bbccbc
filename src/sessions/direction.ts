/**
 * One word across src/sessions for which way something goes, seen from this side: a chat message
 * (`ChatMessage.direction`) and a file transfer (`Transfer.flow`) are `'in'` or `'out'`.
 */
export type Direction = 'in' | 'out';

/**
 * @deprecated The file transfer's first spelling (`Transfer.direction`): `'send'` is `'out'`,
 * `'receive'` is `'in'`. Kept working; read `Transfer.flow` instead.
 */
export type TransferDirection = 'send' | 'receive';

/** The deprecated transfer spelling of `d`. */
export const transferDirection = (d: Direction): TransferDirection => (d === 'out' ? 'send' : 'receive');
