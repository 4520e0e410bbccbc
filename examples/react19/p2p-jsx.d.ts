/**
 * JSX typings for the `<p2p-*>` tags used in this example. React 19 passes a prop to a custom
 * element as a *property* when the element has one (`'peerId' in el`), else as an attribute, and
 * turns `on<event-name>` props into `addEventListener('<event-name>', …)` (case kept). So we type
 * the element's own property names and one `onp2p-…` prop per event.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  P2PChatElement, P2PErrorEvent, P2PMessageEvent, P2POpenEvent, P2PPeerElement, P2PStateChangeEvent,
} from 'p2p-kit';

type Base<E> = DetailedHTMLProps<HTMLAttributes<E>, E>;
type Props<E, K extends keyof E> = Base<E> & Partial<Pick<E, K>>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'p2p-peer': Props<P2PPeerElement, 'peerId' | 'name' | 'discoverable' | 'server' | 'key' | 'config' | 'transport' | 'noStatus'> & {
        'onp2p-open'?: (e: P2POpenEvent) => void;
        'onp2p-state-change'?: (e: P2PStateChangeEvent) => void;
        'onp2p-error'?: (e: P2PErrorEvent) => void;
      };
      'p2p-chat': Props<P2PChatElement, 'remote' | 'remoteName' | 'peer' | 'showCode' | 'noReadReceipts' | 'strings'> & {
        'onp2p-message'?: (e: P2PMessageEvent) => void;
        'onp2p-state-change'?: (e: P2PStateChangeEvent) => void;
        'onp2p-error'?: (e: P2PErrorEvent) => void;
      };
    }
  }
}
