// verificationCode is pure logic over the two SDPs: symmetric between the ends, sensitive to either key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verificationCode } from '../../src/core/verify.js';

const sdp = (fp: string) => `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\na=fingerprint:sha-256 ${fp}\r\na=setup:actpass\r\n`;
const pc = (local: string, remote: string) =>
  ({ localDescription: { sdp: sdp(local) }, remoteDescription: { sdp: sdp(remote) } }) as unknown as RTCPeerConnection;
const A = 'AA:BB:CC:01', B = 'DD:EE:FF:02', M = '12:34:56:78';

describe('core verificationCode', () => {
  it('gives both ends the same six digits', async () => {
    const a = await verificationCode(pc(A, B));
    assert.match(a, /^\d{6}$/);
    assert.equal(await verificationCode(pc(B, A)), a);
  });

  it('changes when either key is swapped (a man in the middle shows different codes)', async () => {
    const honest = await verificationCode(pc(A, B));
    assert.notEqual(await verificationCode(pc(A, M)), honest);
    assert.notEqual(await verificationCode(pc(M, B)), honest);
  });

  it('rejects before both descriptions exist', async () => {
    await assert.rejects(verificationCode({ localDescription: { sdp: sdp(A) }, remoteDescription: null } as unknown as RTCPeerConnection));
  });
});
