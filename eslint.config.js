// Lint config. The layering rule keeps src/protocol, src/core and src/sessions free of lit and DOM-only
// code, so they run anywhere WebRTC + WebSocket exist (browser, Node with a wrtc shim). Layers, bottom up:
// protocol ← core ← sessions (chat/file logic) ← components ← define; the server sees only protocol.
// test/node/lint-layering.test.ts checks that the rule fires (and stays quiet for allowed code).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Gitignore-style patterns, so `../components/x`, `../../components/x/y` and `../components` all match.
const ourUpperLayers = ['**/components', '**/components/**', '**/define', '**/define/**', '**/server', '**/server/**'];
const domOnly = ['lit', 'lit/*', '@lit/*', 'lit-html', 'lit-html/*', ...ourUpperLayers];
const sessionsLayer = ['**/sessions', '**/sessions/**'];

const dom = 'core/protocol/sessions must not touch the DOM.';
// Browser-only globals the core must not use (it runs in Node too). Allowed on purpose, because the
// core feature-checks them: sessionStorage (token store), navigator (util), fetch, WebSocket, Blob,
// crypto, EventTarget/Event, the RTC* classes and MediaStream. `document`/`location` are reached only
// as optional `globalThis.x` members, which this rule does not flag.
const domGlobals = [
  'document', 'HTMLElement', 'customElements', 'localStorage', 'location', 'history', 'screen',
  'HTMLVideoElement', 'HTMLAudioElement', 'HTMLMediaElement', 'HTMLCanvasElement', 'HTMLInputElement',
  'Element', 'Node', 'NodeList', 'Document', 'DocumentFragment', 'ShadowRoot', 'CustomEvent',
  'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'getComputedStyle', 'matchMedia',
  'MutationObserver', 'ResizeObserver', 'IntersectionObserver', 'DOMParser', 'Image', 'Audio',
  'alert', 'confirm', 'prompt', 'indexedDB',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-demo/', 'storybook-static/', 'build/', 'custom-elements.json', 'test/consumer/vite-app/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/protocol/**/*.ts', 'src/sessions/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'], RTCPeerConnection: 'readonly', WebSocket: 'readonly', RTCSessionDescription: 'readonly', RTCIceCandidate: 'readonly', MediaStream: 'readonly', Blob: 'readonly', sessionStorage: 'readonly', fetch: 'readonly', crypto: 'readonly', EventTarget: 'readonly', Event: 'readonly', navigator: 'readonly' } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: domOnly, message: 'src/core, src/protocol and src/sessions must not import lit, elements or server code.' }] }],
      'no-restricted-globals': ['error',
        { name: 'window', message: 'core/protocol/sessions must not touch the DOM; use globalThis and feature checks.' },
        ...domGlobals.map((name) => ({ name, message: dom }))],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...domOnly, ...sessionsLayer], message: 'src/core must not import lit, elements, server code or src/sessions (which builds on it).' }] }],
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...domOnly, ...sessionsLayer, '**/core', '**/core/**'], message: 'src/protocol is the leaf layer: it imports nothing of ours.' }] }],
    },
  },
);
