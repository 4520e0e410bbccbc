import { expect } from '@open-wc/testing';
import {
  endReasonFor, isFailure, isLive, mediaErrorCode, nextState, type CallState,
} from '../../src/components/p2p-call/call-state.js';

describe('call state machine (pure)', () => {
  it('accepts only the inputs each state allows', () => {
    expect(nextState('idle', 'start')).to.equal('calling');
    expect(nextState('idle', 'incoming')).to.equal('ringing');
    expect(nextState('ended', 'start')).to.equal('calling');
    expect(nextState('failed', 'incoming')).to.equal('ringing');
    expect(nextState('calling', 'connected')).to.equal('active');
    expect(nextState('ringing', 'answer')).to.equal('connecting');
    expect(nextState('connecting', 'connected')).to.equal('active');
    expect(nextState('active', 'end')).to.equal('ended');
    expect(nextState('active', 'fail')).to.equal('failed');
    // Ignored inputs: no second call while live, no answer unless ringing, nothing ends an ended call.
    expect(nextState('active', 'start')).to.equal(null);
    expect(nextState('calling', 'incoming')).to.equal(null);
    expect(nextState('calling', 'answer')).to.equal(null);
    expect(nextState('ended', 'end')).to.equal(null);
    expect(nextState('idle', 'connected')).to.equal(null);
    const live: CallState[] = ['calling', 'ringing', 'connecting', 'active'];
    for (const s of ['idle', 'calling', 'ringing', 'connecting', 'active', 'ended', 'failed'] as CallState[]) {
      expect(isLive(s), s).to.equal(live.includes(s));
    }
  });

  it('reads core close reasons from each side', () => {
    expect(endReasonFor('calling', 'declined')).to.equal('declined');
    expect(endReasonFor('calling', 'busy')).to.equal('busy');
    expect(endReasonFor('calling', 'unavailable')).to.equal('unavailable');
    expect(endReasonFor('ringing', 'remote-hangup')).to.equal('missed');
    expect(endReasonFor('calling', 'remote-hangup')).to.equal('declined');
    expect(endReasonFor('active', 'remote-hangup')).to.equal('remote-hangup');
    expect(endReasonFor('calling', 'hangup')).to.equal('cancelled');
    expect(endReasonFor('active', 'hangup')).to.equal('hangup');
    expect(endReasonFor('ringing', 'cancelled')).to.equal('missed');
    expect(endReasonFor('connecting', 'cancelled')).to.equal('missed');
    expect(endReasonFor('active', 'failed')).to.equal('failed');
    // What this side asked for wins over what the core saw.
    expect(endReasonFor('calling', 'hangup', 'no-answer')).to.equal('no-answer');
    expect(isFailure('failed') && isFailure('unavailable')).to.equal(true);
    expect(isFailure('declined') || isFailure('hangup')).to.equal(false);
  });

  it('maps getUserMedia failures to typed codes', () => {
    const e = (name: string) => new DOMException('x', name);
    expect(mediaErrorCode(e('NotAllowedError'))).to.equal('permission-denied');
    expect(mediaErrorCode(e('SecurityError'))).to.equal('permission-denied');
    expect(mediaErrorCode(e('NotFoundError'))).to.equal('device-not-found');
    expect(mediaErrorCode(e('OverconstrainedError'))).to.equal('device-not-found');
    expect(mediaErrorCode(e('NotReadableError'))).to.equal('device-in-use');
    expect(mediaErrorCode(e('AbortError'))).to.equal('device-in-use');
    expect(mediaErrorCode(new TypeError('x'))).to.equal('media-error');
    expect(mediaErrorCode(undefined)).to.equal('media-error');
  });
});
