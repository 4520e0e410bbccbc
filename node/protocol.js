// Node entry of `p2p-kit/protocol` (see node/server.js). test/node/package.test.ts keeps this export
// list equal to src/protocol/index.ts.
import { tsImport } from 'tsx/esm/api';

const m = await tsImport('../src/protocol/index.ts', import.meta.url);
export const {
  CloseCode, DEFAULT_LIMITS, DEFAULT_TIMING, ErrorText, ExtraRoutes, ID_PATTERN, KIT_PARAM, KIT_PARAM_VERSION, MAX_ID_LENGTH,
  MAX_KEY_LENGTH, MAX_TOKEN_LENGTH, MessageType, PROTOCOL_VERSION, RELAYED_TYPES, RejectText, apiUrl, isKitClient, isObject,
  isValidId, jsonDepth, normalizePath, parseAnswerPayload, parseCandidatePayload, parseClientMessage, parseIceServers, parseJson,
  parseLeavePayload, parseOfferPayload, parseServerMessage, socketPath, socketUrl, turnUsername, turnUsernameExpiry,
} = m;
