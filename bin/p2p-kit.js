#!/usr/bin/env node
// CLI entry: the server is TypeScript run through tsx (a dependency), so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/cli.ts');
