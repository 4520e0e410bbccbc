import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseServer } from '../../src/components/p2p-peer/server-url.ts';

const page = { protocol: 'https:', hostname: 'app.example', port: '' };

test('empty server means the page origin, path /', () => {
  assert.deepEqual(parseServer('', page), { host: 'app.example', port: 443, path: '/', secure: true });
  assert.deepEqual(parseServer(null, { protocol: 'http:', hostname: 'localhost', port: '8080' }),
    { host: 'localhost', port: 8080, path: '/', secure: false });
});

test('ws, wss, http and https URLs', () => {
  assert.deepEqual(parseServer('ws://127.0.0.1:9000/', page), { host: '127.0.0.1', port: 9000, path: '/', secure: false });
  assert.deepEqual(parseServer('wss://sig.example/app', page), { host: 'sig.example', port: 443, path: '/app/', secure: true });
  assert.deepEqual(parseServer('http://sig.example:81/a/b/', page), { host: 'sig.example', port: 81, path: '/a/b/', secure: false });
  assert.deepEqual(parseServer('https://[::1]:9443/', page), { host: '::1', port: 9443, path: '/', secure: true });
});

test('relative URLs resolve against the page', () => {
  assert.deepEqual(parseServer('/signal', page), { host: 'app.example', port: 443, path: '/signal/', secure: true });
});

test('other schemes and garbage are TypeErrors', () => {
  assert.throws(() => parseServer('ftp://x/', page), TypeError);
  assert.throws(() => parseServer('http://[bad', page), TypeError);
});
