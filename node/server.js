// Node entry of `p2p-kit/server`: the server is TypeScript, loaded through tsx (a dependency) for
// this import only (`tsImport` installs no global hook), so plain `node app.js` can use it without a
// build step. test/node/package.test.ts keeps this export list equal to src/server/index.ts.
import { tsImport } from 'tsx/esm/api';

const m = await tsImport('../src/server/index.ts', import.meta.url);
export const { SERVER_FEATURES, SignallingServer, createServer, jsonLines } = m;
