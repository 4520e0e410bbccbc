// Lint config. The layering rule keeps src/protocol and src/core free of lit and DOM-only code,
// so the core runs anywhere WebRTC + WebSocket exist (browser, Node with a wrtc shim).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const domOnly = ['lit', 'lit/*', '@lit/*', '../components/*', '../components/**', '../define/*', '../server/*', '../server/**'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-demo/', 'storybook-static/', 'build/', 'custom-elements.json'] },
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
    files: ['src/core/**/*.ts', 'src/protocol/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'], RTCPeerConnection: 'readonly', WebSocket: 'readonly', RTCSessionDescription: 'readonly', RTCIceCandidate: 'readonly', MediaStream: 'readonly', Blob: 'readonly', sessionStorage: 'readonly', fetch: 'readonly', crypto: 'readonly', EventTarget: 'readonly', Event: 'readonly', navigator: 'readonly' } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: domOnly, message: 'src/core and src/protocol must not import lit, elements or server code.' }] }],
      'no-restricted-globals': ['error',
        { name: 'document', message: 'core/protocol must not touch the DOM.' },
        { name: 'window', message: 'core/protocol must not touch the DOM; use globalThis and feature checks.' },
        { name: 'HTMLElement', message: 'core/protocol must not touch the DOM.' },
        { name: 'customElements', message: 'core/protocol must not touch the DOM.' }],
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...domOnly, '../core/*', '../core/**'], message: 'src/protocol is the leaf layer: it imports nothing of ours.' }] }],
    },
  },
);
