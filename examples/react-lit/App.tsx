/**
 * The React 19 example again, through `@lit/react` wrappers (the way to use p2p-kit from React 18):
 * two peers, Ann and Ben, on an in-page loopback network (no server), each with a chat to the
 * other; React state follows the peer's state and the messages received.
 */
import { useState, version } from 'react';
import type { P2PMessageEvent, P2PStateChangeEvent } from 'p2p-kit';
import { createLoopbackNetwork, type SignalTransport } from 'p2p-kit/core';
import { P2PChat, P2PPeer } from './components.js';

interface Person { id: string; name: string }
const ANN: Person = { id: 'ann', name: 'Ann' };
const BEN: Person = { id: 'ben', name: 'Ben' };

function Side({ me, other, transport }: { me: Person; other: Person; transport: SignalTransport }) {
  const [state, setState] = useState('closed');
  const [received, setReceived] = useState<string[]>([]);

  // p2p-* events bubble: the chat's own p2p-state-change also reaches <p2p-peer>, so keep the peer's.
  const onPeerState = (e: P2PStateChangeEvent) => { if (e.target === e.currentTarget) setState(e.state); };
  const onMessage = (e: P2PMessageEvent) => {
    if (e.message.direction === 'in') setReceived((list) => [...list, e.message.text]);
  };

  return (
    <section aria-label={`${me.name}'s side`} data-side={me.id}>
      <h2>{me.name}</h2>
      <P2PPeer peerId={me.id} name={me.name} discoverable transport={transport} onStateChange={onPeerState}>
        <P2PChat remote={other.id} remoteName={other.name} onMessage={onMessage} style={{ height: 280 }} />
      </P2PPeer>
      <p data-testid="react-state">
        Peer <b data-testid="peer-state">{state}</b>; received <b data-testid="received">{received.length}</b>
        {received.length > 0 && <> (last: <q data-testid="last">{received.at(-1)}</q>)</>}
      </p>
    </section>
  );
}

/** The two sides share one loopback network; transports are made once, since a new one means a new session. */
export function App() {
  const [transports] = useState(() => {
    const net = createLoopbackNetwork();
    return { ann: net.transport(), ben: net.transport() };
  });
  return (
    <main data-react={version} style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: '1rem' }}>
      <Side me={ANN} other={BEN} transport={transports.ann} />
      <Side me={BEN} other={ANN} transport={transports.ben} />
    </main>
  );
}
