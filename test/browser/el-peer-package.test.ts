import { expect } from '@open-wc/testing';
import * as kit from '../../src/index.js';

describe('package main (src/index.ts)', () => {
  it('registers every tag with the exported class', () => {
    const tags: [string, CustomElementConstructor][] = [
      ['p2p-peer', kit.P2PPeerElement], ['p2p-video', kit.P2PVideoElement], ['p2p-roster', kit.P2PRosterElement],
      ['p2p-chat', kit.P2PChatElement], ['p2p-call', kit.P2PCallElement], ['p2p-file-drop', kit.P2PFileDropElement],
    ];
    for (const [tag, cls] of tags) expect(customElements.get(tag), tag).to.equal(cls);
  });

  it('exports event classes that bubble out of shadow roots', () => {
    const events = [new kit.P2POpenEvent('x'), new kit.P2PErrorEvent('network', 'm'), new kit.P2PSelectEvent('x', 'chat'),
      new kit.P2PStateChangeEvent('open', 'connecting'), new kit.P2PVerificationCodeEvent('123456')];
    for (const e of events) expect([e.type.startsWith('p2p-'), e.bubbles, e.composed]).to.deep.equal([true, true, true]);
  });
});
