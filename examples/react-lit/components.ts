/**
 * React components for the `<p2p-*>` elements made with `@lit/react`. The wrapper sets every prop
 * that the element class has as a property (in a layout effect) and wires the mapped `on…` props
 * to the DOM events with `addEventListener`. That is what React 18 cannot do by itself (it only
 * sets string attributes and knows no custom events); on React 19 the wrappers still give typed
 * props and events. `import 'p2p-kit'` has registered the tags by the time these render.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import {
  P2PChatElement, P2PPeerElement,
  type P2PErrorEvent, type P2PMessageEvent, type P2POpenEvent, type P2PStateChangeEvent, type P2PTypingEvent,
} from 'p2p-kit';

/** `<P2PPeer peerId name discoverable transport onOpen onStateChange onError>` */
export const P2PPeer = createComponent({
  tagName: 'p2p-peer',
  elementClass: P2PPeerElement,
  react: React,
  events: {
    onOpen: 'p2p-open' as EventName<P2POpenEvent>,
    onStateChange: 'p2p-state-change' as EventName<P2PStateChangeEvent>,
    onError: 'p2p-error' as EventName<P2PErrorEvent>,
  },
});

/** `<P2PChat remote remoteName onMessage onTyping onStateChange onError>` */
export const P2PChat = createComponent({
  tagName: 'p2p-chat',
  elementClass: P2PChatElement,
  react: React,
  events: {
    onMessage: 'p2p-message' as EventName<P2PMessageEvent>,
    onTyping: 'p2p-typing' as EventName<P2PTypingEvent>,
    onStateChange: 'p2p-state-change' as EventName<P2PStateChangeEvent>,
    onError: 'p2p-error' as EventName<P2PErrorEvent>,
  },
});
