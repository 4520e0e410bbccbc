// Real Chromium: the signalling server restarts (every socket drops, registrations are lost, it
// listens again on the same port) and core Peers re-register by themselves with the same ids.
import { expect } from '@open-wc/testing';
import { Peer, type PeerState } from '../../src/core/index.js';
import { next, openPeer, serverOptions, uid } from './core-helpers.js';

/** Stops the named restartable test server; resolves once it is down. It listens again after `downMs`. */
async function restart(server: string, downMs: number): Promise<void> {
  const res = await fetch(`${window.TEST_SERVERS[server]!.restartUrl!}?down=${downMs}`, { method: 'POST' });
  expect(res.status).to.equal(204);
}

for (const server of ['kitRestart', 'stockRestart'].filter((n) => window.TEST_SERVERS[n])) {
  describe(`core reconnect after the server restarts (${server})`, () => {
    const peers: Peer[] = [];
    afterEach(() => { peers.splice(0).forEach((p) => p.destroy()); });

    it('both peers emit disconnected, re-open with the same ids, and new connections work', async function () {
      this.timeout(30000);
      const [a, b] = await Promise.all([openPeer(uid('rsa'), serverOptions(server)), openPeer(uid('rsb'), serverOptions(server))]);
      peers.push(a, b);
      const ids = [a.id, b.id];
      // A data connection made before the restart does not need the server: it stays up.
      const before = next(b, 'connection');
      const old = a.connect(b.id!);
      const [oldB] = await before;
      await Promise.all([next(old, 'open'), oldB.open ? [] : next(oldB, 'open')]);

      const states: PeerState[][] = [[], []];
      a.on('state', (s) => states[0]!.push(s));
      b.on('state', (s) => states[1]!.push(s));
      const lost = Promise.all([next(a, 'disconnected'), next(b, 'disconnected')]);
      const back = Promise.all([next(a, 'open', 25000), next(b, 'open', 25000)]);
      const t0 = performance.now();
      await restart(server, 1000);
      const [[da], [db]] = await lost;
      expect([da, db]).to.deep.equal(ids);
      const [[oa], [ob]] = await back;
      console.log(`${server}: both peers re-registered ${(performance.now() - t0).toFixed(0)} ms after the restart began (server down for 1000 ms)`);
      expect([oa, ob]).to.deep.equal(ids);
      expect([a.id, b.id]).to.deep.equal(ids);
      expect(a.open && b.open).to.equal(true);
      for (const s of states) {
        expect(s[0]).to.equal('reconnecting');
        expect(s.at(-1)).to.equal('open');
        expect(s).to.not.include('failed');
      }

      expect(old.open && oldB.open).to.equal(true);
      const oldGot = next(oldB, 'data');
      await old.send('old connection');
      expect((await oldGot)[0]).to.equal('old connection');

      // Signalling works again, both ways: new connections from each side.
      for (const [from, to] of [[a, b], [b, a]] as const) {
        const incoming = next(to, 'connection');
        const conn = from.connect(to.id!);
        await next(conn, 'open');
        const [remote] = await incoming;
        const got = next(remote, 'data');
        await conn.send(`after restart from ${from.id}`);
        expect((await got)[0]).to.equal(`after restart from ${from.id}`);
      }
    });
  });
}
