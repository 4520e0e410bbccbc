/**
 * Angular with p2p-kit's custom elements: two peers, Ann and Ben, on an in-page loopback network
 * (no server), each with a chat to the other; Angular signals follow the elements' events.
 * `CUSTOM_ELEMENTS_SCHEMA` lets templates use the `<p2p-*>` tags; `[transport]="…"` binds a
 * property (Angular binds properties by default, so the element gets the object itself).
 * No constructor parameters: JIT without `emitDecoratorMetadata` cannot inject by type.
 */
import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { P2PMessageEvent, P2PStateChangeEvent } from 'p2p-kit';
import { createLoopbackNetwork, type SignalTransport } from 'p2p-kit/core';

interface Person { id: string; name: string }

@Component({
  selector: 'p2p-side',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  inputs: ['me', 'other', 'transport'],
  template: `
    <section [attr.aria-label]="label" [attr.data-side]="me.id">
      <h2>{{ me.name }}</h2>
      <p2p-peer [peerId]="me.id" [name]="me.name" discoverable [transport]="transport" (p2p-state-change)="onPeerState($event)">
        <p2p-chat [remote]="other.id" [remoteName]="other.name" style="height: 280px" (p2p-message)="onMessage($event)"></p2p-chat>
      </p2p-peer>
      <p data-testid="ng-state">
        Peer <b data-testid="peer-state">{{ state() }}</b>; received <b data-testid="received">{{ received().length }}</b>
        @if (received().length) { (last: <q data-testid="last">{{ received().at(-1) }}</q>) }
      </p>
    </section>`,
})
export class SideComponent {
  me!: Person;
  other!: Person;
  transport!: SignalTransport;
  readonly state = signal('closed');
  readonly received = signal<string[]>([]);

  get label(): string { return `${this.me.name}'s side`; }

  // p2p-* events bubble: the chat's own p2p-state-change also reaches <p2p-peer>, so keep the peer's.
  onPeerState(e: Event): void {
    if (e.target === e.currentTarget) this.state.set((e as P2PStateChangeEvent).state);
  }

  onMessage(e: Event): void {
    const { message } = e as P2PMessageEvent;
    if (message.direction === 'in') this.received.update((list) => [...list, message.text]);
  }
}

@Component({
  selector: 'app-root',
  imports: [SideComponent],
  template: `
    <main style="display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 1rem">
      <p2p-side [me]="ann" [other]="ben" [transport]="transports.ann" />
      <p2p-side [me]="ben" [other]="ann" [transport]="transports.ben" />
    </main>`,
})
export class AppComponent {
  readonly ann: Person = { id: 'ann', name: 'Ann' };
  readonly ben: Person = { id: 'ben', name: 'Ben' };
  // One network, one transport per side, made once: a new transport means a new signalling session.
  readonly transports = (() => {
    const net = createLoopbackNetwork();
    return { ann: net.transport(), ben: net.transport() };
  })();
}
