#!/usr/bin/env node
// Repository launcher (not shipped): runs the CLI from its TypeScript sources through tsx (a
// devDependency), so tests and `npm start` need no build. The package's `bin` is the compiled
// dist/server/cli.js.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/cli.ts');
