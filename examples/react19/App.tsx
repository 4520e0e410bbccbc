/**
 * React 19 with p2p-kit's custom elements used directly (no wrappers): two peers, Ann and Ben, on
 * an in-page loopback network (no server), each with a `<p2p-chat>` to the other. React state
 * follows the elements through their events: the peer's state and the messages received.
 */
import { useState } from 'react';
import 'p2p-kit';
import type { P2PMessageEvent, P2PStateChangeEvent } from 'p2p-kit';
import { createLoopbackNetwork, type SignalTransport } from 'p2p-kit/core';

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
      {/* peerId, name, discoverable and transport are element properties, so React 19 sets them as such. */}
      <p2p-peer peerId={me.id} name={me.name} discoverable transport={transport} onp2p-state-change={onPeerState}>
        <p2p-chat remote={other.id} remoteName={other.name} onp2p-message={onMessage} style={{ height: 280 }} />
      </p2p-peer>
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
    <main style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: '1rem' }}>
      <Side me={ANN} other={BEN} transport={transports.ann} />
      <Side me={BEN} other={ANN} transport={transports.ben} />
    </main>
  );
}
