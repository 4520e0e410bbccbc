/**
 * The layering lint rule (eslint.config.js): src/core, src/protocol and src/sessions import nothing
 * of lit, the elements, `define/` or the server at any depth, and use no DOM-only globals; src/core
 * imports no sessions, src/protocol no core or sessions either. Runs ESLint's Node API on small snippets linted as if they lived at those paths.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../../', import.meta.url));
const LAYER_RULES = new Set(['no-restricted-imports', 'no-restricted-globals']);

let eslint: ESLint;

/** Layering problems ESLint reports for `code` as the file `filePath`: `rule: message` lines. */
async function layering(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId)).map((m) => `${m.ruleId}: ${m.message}`);
}

async function fires(code: string, filePath: string, rule: string): Promise<void> {
  const found = await layering(code, filePath);
  assert.equal(found.length, 1, `${filePath}: ${code} → ${JSON.stringify(found)}`);
  assert.ok(found[0]!.startsWith(`${rule}: `), found[0]);
}

describe('lint: layering rule', () => {
  before(() => { eslint = new ESLint({ cwd: root }); });

  test('core must not import elements, define/, server or lit, at any depth', async () => {
    for (const [spec, file] of [
      ['../../components/p2p-call/p2p-call.js', 'src/core/serializers/x.ts'],
      ['../components/p2p-call/p2p-call.js', 'src/core/x.ts'],
      ['../../server/index.js', 'src/core/serializers/x.ts'],
      ['../server/index.js', 'src/core/x.ts'],
      ['../../define/p2p-call.js', 'src/core/serializers/x.ts'],
      ['../../../src/components/index.js', 'src/core/serializers/deep/x.ts'],
      ['lit', 'src/core/x.ts'],
      ['lit/decorators.js', 'src/core/x.ts'],
      ['@lit/context', 'src/core/x.ts'],
    ]) {
      await fires(`import { a } from '${spec}';\nexport const b = a;\n`, file!, 'no-restricted-imports');
    }
  });

  test('protocol must not import core (nor what core may not)', async () => {
    await fires(`import { a } from '../core/peer.js';\nexport const b = a;\n`, 'src/protocol/x.ts', 'no-restricted-imports');
    await fires(`import { a } from '../../core/peer.js';\nexport const b = a;\n`, 'src/protocol/sub/x.ts', 'no-restricted-imports');
    await fires(`import { a } from '../../server/index.js';\nexport const b = a;\n`, 'src/protocol/sub/x.ts', 'no-restricted-imports');
  });

  test('DOM-only globals are refused in core and protocol', async () => {
    for (const code of [
      'export const t = document.title;',
      'export const v = localStorage.getItem("k");',
      'export const h = location.hostname;',
      'export const w = window.innerWidth;',
      'requestAnimationFrame(() => {});',
      'export const isVideo = (x: unknown): boolean => x instanceof HTMLVideoElement;',
      'export const isMedia = (x: unknown): boolean => x instanceof HTMLMediaElement;',
      'export const isEl = (x: unknown): boolean => x instanceof Element || x instanceof Node;',
    ]) {
      const found = await layering(code, 'src/core/serializers/x.ts');
      assert.ok(found.length > 0 && found.every((f) => f.startsWith('no-restricted-globals: ')), `${code} → ${JSON.stringify(found)}`);
    }
    await fires('export const t = document.title;', 'src/protocol/x.ts', 'no-restricted-globals');
  });

  test('what the core legitimately uses passes', async () => {
    const code = [
      "import { MessageType } from '../../protocol/index.js';",
      "import { PeerError } from '../errors.js';",
      'export const t = MessageType.Open;',
      "export const stored = sessionStorage.getItem('token');",
      'export const ua = navigator.userAgent;',
      "export const get = (): Promise<Response> => fetch('/id');",
      "export const ws = (url: string): WebSocket => new WebSocket(url);",
      'export const blob = new Blob([]);',
      'export const id = crypto.randomUUID();',
      'export const target = new EventTarget();',
      'export const err = PeerError;',
      // feature-checked members of globalThis are fine: the core also runs where they are missing
      'export const doc = (globalThis as { document?: unknown }).document;',
      'export const loc = (globalThis as { location?: { hostname: string } }).location?.hostname;',
    ].join('\n');
    assert.deepEqual(await layering(code, 'src/core/serializers/x.ts'), []);
    assert.deepEqual(await layering(`import { isValidId } from './limits.js';\nexport const ok = isValidId('a');\n`, 'src/protocol/x.ts'), []);
  });

  test('sessions (chat/file logic) must not import lit, elements, define/ or server, nor touch the DOM', async () => {
    for (const [spec, file] of [
      ['lit', 'src/sessions/chat/x.ts'],
      ['../../components/shared/index.js', 'src/sessions/files/x.ts'],
      ['../components/p2p-chat/p2p-chat.js', 'src/sessions/x.ts'],
      ['../../define/p2p-chat.js', 'src/sessions/chat/x.ts'],
      ['../../server/index.js', 'src/sessions/files/x.ts'],
    ]) {
      await fires(`import { a } from '${spec}';\nexport const b = a;\n`, file!, 'no-restricted-imports');
    }
    for (const code of ['export const t = document.title;', 'export const o = new IntersectionObserver(() => {});']) {
      await fires(code, 'src/sessions/chat/x.ts', 'no-restricted-globals');
    }
  });

  test('sessions build on core and protocol; core and protocol must not import sessions', async () => {
    const code = "import { Peer } from '../../core/index.js';\nimport { MessageType } from '../../protocol/index.js';\n"
      + 'export const x = [Peer, MessageType, new Blob([]), crypto.randomUUID()];\n';
    assert.deepEqual(await layering(code, 'src/sessions/files/x.ts'), []);
    await fires(`import { a } from '../sessions/files/session.js';\nexport const b = a;\n`, 'src/core/x.ts', 'no-restricted-imports');
    await fires(`import { a } from '../../sessions/index.js';\nexport const b = a;\n`, 'src/core/serializers/x.ts', 'no-restricted-imports');
    await fires(`import { a } from '../sessions/chat/envelope.js';\nexport const b = a;\n`, 'src/protocol/x.ts', 'no-restricted-imports');
  });

  test('the rule is scoped: elements may use lit and the DOM', async () => {
    const code = "import { html } from 'lit';\nimport { Peer } from '../../core/index.js';\nexport const x = [html, Peer, document.body, localStorage];\n";
    assert.deepEqual(await layering(code, 'src/components/p2p-x/p2p-x.ts'), []);
  });
});
