/** Texts of `ERROR`/`ID-TAKEN` payloads. The first four are PeerServer's exact strings (clients match on them). */
export const ErrorText = {
  MissingParams: 'No id, token, or key supplied to websocket server',
  InvalidKey: 'Invalid key provided',
  IdTaken: 'ID is taken',
  ConcurrentLimit: 'Server has reached its concurrent user limit',
  /** p2p-kit: the id does not match {@link ID_PATTERN} or is too long. */
  InvalidId: 'Invalid id provided',
  /** p2p-kit: the token is too long. */
  InvalidToken: 'Invalid token provided',
  /** p2p-kit: too many sockets from one address. */
  TooManyFromAddress: 'Too many connections from this address',
  /** p2p-kit: the socket kept flooding after being rate-limited. */
  Flooding: 'Too many messages; connection closed',
  /** p2p-kit: the page's Origin is not on the server's allow-list. */
  OriginNotAllowed: 'Origin not allowed',
  /** p2p-kit: the shared store (Redis) failed while registering; close 1013, the client may retry. */
  ServerError: 'Server error, try again later',
} as const;

/** Texts of `P2PKIT-REJECTED` payloads, per code. */
export const RejectText = {
  'invalid-json': 'Frame is not valid JSON',
  'binary-frame': 'Binary frames are not supported; send JSON text',
  'too-deep': 'JSON nesting is too deep',
  'invalid-message': 'Message must be a JSON object with a string "type"',
  'unknown-type': 'Unknown message type',
  'missing-dst': 'Message needs a "dst" peer id',
  'invalid-dst': '"dst" is not a valid peer id',
  'rate-limited': 'Too many messages; this one was dropped',
  'queue-full': 'Destination queue is full; message dropped',
  'metadata-too-big': 'Presence metadata is too big',
  'not-granted': 'Your auth token does not allow this',
} as const;

/**
 * WebSocket close codes the server uses. 1008/1009/1013 are RFC 6455 codes; every close after an
 * `ERROR` message uses one of these so a client can tell why without parsing text.
 */
export const CloseCode = {
  Normal: 1000,
  /** Bad parameters, key, id, token, origin, or persistent flooding. */
  PolicyViolation: 1008,
  /** A frame exceeded `maxFrameBytes`. */
  TooBig: 1009,
  /** Server or per-address limit reached: try again later. */
  TryAgainLater: 1013,
  /** The id is held by another token (p2p-kit private range). */
  IdTaken: 4001,
  /** The socket missed heartbeats for `aliveTimeout` ms. */
  Timeout: 4002,
  /** A newer socket with the same id and token replaced this one. */
  Replaced: 4003,
} as const;
