import { expect } from '@open-wc/testing';

describe('browser environment', () => {
  it('has fake media devices', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    expect(stream.getVideoTracks()).to.have.length(1);
    expect(stream.getAudioTracks()).to.have.length(1);
    stream.getTracks().forEach((t) => t.stop());
  });

  it('gets the stock PeerServer address', async () => {
    const { host, port } = window.TEST_SERVERS.stock;
    const res = await fetch(`http://${host}:${port}/peerjs/id`);
    expect(res.status).to.equal(200);
    expect(await res.text()).to.match(/^[0-9a-f-]{36}$/);
  });
});
