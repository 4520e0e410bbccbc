/**
 * Optional peer dependencies (ioredis: only servers started with `redis` need it) are loaded here,
 * when first needed, never by `import 'p2p-kit/server'`; and no declaration of ours imports their
 * types, so consumers without them still type-check with `skipLibCheck: false`. Loaded synchronously
 * (`require`, which also loads ES modules on Node ≥ 20.19) so `createServer()` stays synchronous and
 * no request can reach the store before its client exists.
 */
import { createRequire } from 'node:module';

/** Thrown by `createServer()` when an option needs a package that is not installed (`redis` → `ioredis`). */
export class MissingPeerDependencyError extends Error {
  readonly code = 'missing-peer-dependency';
  constructor(readonly packageName: string, option: string, cause: unknown) {
    super(`createServer: the "${option}" option needs the "${packageName}" package: npm install ${packageName}`, { cause });
    this.name = 'MissingPeerDependencyError';
  }
}

/** Loads the optional package `name`, needed by `option`; the caller states its shape as `T`. */
export function loadPeerDependency<T>(name: string, option: string): T {
  try {
    return createRequire(import.meta.url)(name) as T;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND' && (err as Error).message.includes(`'${name}'`)) throw new MissingPeerDependencyError(name, option, err);
    throw err;
  }
}
