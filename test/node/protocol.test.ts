import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseClientMessage, parseServerMessage, jsonDepth, isValidId, socketUrl, apiUrl, socketPath,
  parseOfferPayload, parseCandidatePayload, parseAnswerPayload, parseLeavePayload, RejectText,
} from '../../src/protocol/index.ts';

describe('protocol: ids', () => {
  test('accepts PeerJS-style ids and UUIDs, refuses others', () => {
    for (const ok of ['alice', 'a-b_c d', 'A1', '6f1c3a2e-1b2c-4d5e-8f90-0123456789ab']) assert.ok(isValidId(ok), ok);
    for (const bad of ['', ' a', 'a-', 'a--b', 'a/b', '<script>', 'x'.repeat(129), 42, null]) assert.ok(!isValidId(bad), String(bad));
  });
});

describe('protocol: client frames', () => {
  test('heartbeat, relay, presence parse to typed messages', () => {
    assert.deepEqual(parseClientMessage('{"type":"HEARTBEAT"}'), { ok: true, value: { type: 'HEARTBEAT' } });
    const offer = parseClientMessage('{"type":"OFFER","dst":"bob","payload":{"connectionId":"dc_1"}}');
    assert.deepEqual(offer, { ok: true, value: { type: 'OFFER', dst: 'bob', payload: { connectionId: 'dc_1' } } });
    const leave = parseClientMessage('{"type":"LEAVE"}');
    assert.ok(leave.ok && leave.value.type === 'LEAVE' && leave.value.dst === undefined);
    const pres = parseClientMessage('{"type":"P2PKIT-PRESENCE","payload":{"discoverable":true,"metadata":{"name":"Al"}}}');
    assert.deepEqual(pres, { ok: true, value: { type: 'P2PKIT-PRESENCE', payload: { discoverable: true, metadata: { name: 'Al' } } } });
  });

  test('bad frames get a reject code and its documented text', () => {
    const cases: [string, string][] = [
      ['not json', 'invalid-json'], ['[1]', 'invalid-message'], ['{"type":5}', 'invalid-message'],
      ['{"type":"NOPE"}', 'unknown-type'], ['{"type":"OFFER"}', 'missing-dst'],
      ['{"type":"OFFER","dst":"../x"}', 'invalid-dst'], ['{"type":"OFFER","dst":"b","payload":"s"}', 'invalid-message'],
      ['{"type":"P2PKIT-PRESENCE","payload":{"discoverable":"yes"}}', 'invalid-message'],
      ['{"a":' + '['.repeat(100) + ']'.repeat(100) + '}', 'too-deep'],
    ];
    for (const [text, code] of cases) {
      const r = parseClientMessage(text);
      assert.ok(!r.ok, text);
      assert.equal(r.code, code, text);
      assert.equal(r.msg, RejectText[r.code as keyof typeof RejectText]);
    }
  });

  test('depth counting ignores brackets inside strings', () => {
    assert.equal(jsonDepth('{"a":"[[[[{{{{\\"]]"}'), 1);
    assert.equal(jsonDepth('[[1],[[2]]]'), 3);
  });
});

describe('protocol: server frames', () => {
  test('reads stock and p2p-kit OPEN', () => {
    assert.deepEqual(parseServerMessage('{"type":"OPEN"}'), { ok: true, value: { type: 'OPEN' } });
    const r = parseServerMessage('{"type":"OPEN","payload":{"server":"p2p-kit","id":"a","version":"1","features":["presence",3]}}');
    assert.ok(r.ok && r.value.type === 'OPEN');
    assert.deepEqual(r.value.payload, { server: 'p2p-kit', id: 'a', version: '1', features: ['presence'] });
  });
  test('reads relays, errors, presence; refuses junk', () => {
    const r = parseServerMessage('{"type":"EXPIRE","src":"bob","dst":"al"}');
    assert.deepEqual(r, { ok: true, value: { type: 'EXPIRE', src: 'bob', dst: 'al' } });
    const e = parseServerMessage('{"type":"ID-TAKEN","payload":{"msg":"ID is taken"}}');
    assert.deepEqual(e, { ok: true, value: { type: 'ID-TAKEN', payload: { msg: 'ID is taken' } } });
    const p = parseServerMessage('{"type":"P2PKIT-PRESENCE","payload":{"event":"snapshot","peers":[{"id":"a"},{"id":"<b>"}]}}');
    assert.ok(p.ok && p.value.type === 'P2PKIT-PRESENCE');
    assert.deepEqual(p.value.payload, { event: 'snapshot', peers: [{ id: 'a' }] });
    assert.equal(parseServerMessage('{"type":"OFFER"}').ok, false);
    assert.equal(parseServerMessage('{"type":"WHAT"}').ok, false);
  });
});

describe('protocol: payloads', () => {
  test('offer payload keeps PeerJS fields and our kit info', () => {
    const o = parseOfferPayload({ sdp: { type: 'offer', sdp: 'v=0' }, type: 'data', connectionId: 'dc_x', label: 'l',
      reliable: false, serialization: 'binary', metadata: { a: 1 }, kit: { v: 1, features: ['renegotiate'] }, browser: 'x' });
    assert.deepEqual(o, { sdp: { type: 'offer', sdp: 'v=0' }, type: 'data', connectionId: 'dc_x', label: 'l',
      reliable: false, serialization: 'binary', metadata: { a: 1 }, kit: { v: 1, features: ['renegotiate'] } });
    assert.equal(parseOfferPayload({ sdp: 'v=0', type: 'data', connectionId: 'x' }), undefined);
  });
  test('candidate payload', () => {
    const c = parseCandidatePayload({ type: 'media', connectionId: 'mc_1', candidate: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 } });
    assert.deepEqual(c, { type: 'media', connectionId: 'mc_1', candidate: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 } });
  });
});

describe('protocol: urls', () => {
  test('PeerServer URL layout', () => {
    const e = { secure: false, host: '127.0.0.1', port: 9000, path: '/myapp', key: 'peerjs' };
    assert.equal(socketPath('/myapp'), '/myapp/peerjs');
    // kit=1 tells our server this is a p2p-kit client; stock PeerServer reads only key, id and token.
    assert.equal(socketUrl(e, 'al', 'tok'), 'ws://127.0.0.1:9000/myapp/peerjs?key=peerjs&id=al&token=tok&kit=1');
    assert.equal(socketUrl(e, 'al', 'tok', '0.1.0'), 'ws://127.0.0.1:9000/myapp/peerjs?key=peerjs&id=al&token=tok&version=0.1.0&kit=1');
    assert.equal(apiUrl(e, 'id'), 'http://127.0.0.1:9000/myapp/peerjs/id');
    assert.equal(apiUrl({ ...e, host: '::1', secure: true }, 'peers'), 'https://[::1]:9000/myapp/peerjs/peers');
  });
});

describe('protocol: kit rejection answer', () => {
  test('an ANSWER without sdp is valid only as a p2p-kit rejection or ringing ack', () => {
    assert.deepEqual(parseAnswerPayload({ type: 'media', connectionId: 'mc_1', kit: { v: 1, reject: 'busy' } }),
      { type: 'media', connectionId: 'mc_1', kit: { v: 1, reject: 'busy' } });
    assert.deepEqual(parseAnswerPayload({ type: 'media', connectionId: 'mc_1', kit: { v: 1, ringing: true } }),
      { type: 'media', connectionId: 'mc_1', kit: { v: 1, ringing: true } });
    assert.equal(parseAnswerPayload({ type: 'media', connectionId: 'mc_1' }), undefined);
    assert.equal(parseAnswerPayload({ type: 'media', connectionId: 'mc_1', kit: { v: 1 } }), undefined);
    // only the literal `true` counts
    assert.equal(parseAnswerPayload({ type: 'media', connectionId: 'mc_1', kit: { v: 1, ringing: 'yes' } }), undefined);
  });
});

describe('protocol: LEAVE payloads (caller cancel)', () => {
  test('a kit cancel names one connection', () => {
    assert.deepEqual(parseLeavePayload({ connectionId: 'mc_1', type: 'media', kit: { v: 1, cancel: true } }),
      { connectionId: 'mc_1', type: 'media', kit: { v: 1, cancel: true } });
  });
  test('no payload, or a malformed one, is no payload (PeerJS semantics apply)', () => {
    assert.equal(parseLeavePayload(undefined), undefined);
    assert.equal(parseLeavePayload({}), undefined);
    assert.equal(parseLeavePayload({ connectionId: '', type: 'media', kit: { v: 1, cancel: true } }), undefined);
    assert.equal(parseLeavePayload({ connectionId: 'mc_1', type: 'audio', kit: { v: 1, cancel: true } }), undefined);
    assert.equal(parseLeavePayload({ connectionId: 7, type: 'media' } as never), undefined);
  });
  test('cancel is only ever the literal true', () => {
    assert.equal(parseLeavePayload({ connectionId: 'mc_1', type: 'media', kit: { v: 1, cancel: 1 } })?.kit?.cancel, undefined);
  });
  test('a relayed LEAVE keeps its payload through the server-frame parser', () => {
    const r = parseServerMessage(JSON.stringify({ type: 'LEAVE', src: 'a', dst: 'b', payload: { connectionId: 'mc_1', type: 'media', kit: { v: 1, cancel: true } } }));
    assert.ok(r.ok && r.value.type === 'LEAVE' && 'payload' in r.value);
    assert.equal(r.ok && 'src' in r.value ? parseLeavePayload(r.value.payload)?.kit?.cancel : undefined, true);
  });
});

describe('protocol: ICE server lists and TURN usernames', () => {
  test('parseIceServers keeps well-formed entries only', async () => {
    const { parseIceServers } = await import('../../src/protocol/index.ts');
    const good = { urls: ['turn:t.example:3478'], username: '1700000000:alice', credential: 'c2VjcmV0' };
    assert.deepEqual(parseIceServers([good, { urls: 'stun:s.example' }, { urls: 5 }, null, 'x', { urls: ['a'], username: 1 }]),
      [good, { urls: 'stun:s.example' }]);
    assert.equal(parseIceServers({ urls: 'x' }), undefined);
  });

  test('a minted TURN username gives its expiry back; other usernames give none', async () => {
    const { turnUsername, turnUsernameExpiry } = await import('../../src/protocol/index.ts');
    assert.equal(turnUsername(1700000000, 'bob'), '1700000000:bob');
    assert.equal(turnUsernameExpiry(turnUsername(1700000000, 'bob')), 1700000000 * 1000);
    for (const u of ['alice', '12:bob', undefined, 'x1700000000:bob']) assert.equal(turnUsernameExpiry(u), undefined);
  });
});
