/**
 * The two test engines (web-test-runner and the cross-engine tests in test/cross/): Debian's Chromium
 * with its flags and Firefox ESR with its prefs, both headless with fake devices and no mDNS host
 * candidates, and the browser test files Firefox does not run (each with the reason, also listed in
 * README "Browser support").
 */

/** Where Debian installs Chromium. */
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

/** Prefs measured on Firefox ESR 153 (TOOLCHAIN §13). */
export const FIREFOX_PREFS: Record<string, string | number | boolean> = {
  'media.navigator.streams.fake': true, // fake camera + mic
  'media.navigator.permission.disabled': true, // no prompt (else getUserMedia waits forever)
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  // Real host addresses instead of <uuid>.local: resolving those needs multicast, which leaves the machine.
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  // The test TURN server (coturn) listens on 127.0.0.1 only: Firefox ignores loopback addresses unless told.
  'media.peerconnection.ice.loopback': true,
  // A test page is often a background tab: no 1 s timer clamp.
  'dom.min_background_timeout_value': 4,
  'dom.min_background_timeout_value_without_budget_throttling': 4,
  'dom.timeout.enable_budget_timer_throttling': false,
};

/** Browser test files (under test/browser/) that only Chromium runs, and why. */
export const CHROMIUM_ONLY_TESTS: Record<string, string> = {
  'room-speaking.test.ts': 'known gap, not investigated: in headless Firefox this test hangs until its timeout before any level is read (most likely the AudioContext of its oscillator tracks waits for a user gesture); the RTP level API the room reads exists in Firefox (ROOMS.md §4c), unverified here',
  'core-ice-restart.test.ts': 'known gap, not a Chromium-only API: Firefox reports a dead relayed link failed only after ~32 s (Chromium ~15 s) and closes the data channel with it, so the core\'s ICE restart on failed comes too late there',
  'el-video-theme.test.ts': "switches prefers-color-scheme with web-test-runner's emulateMedia, which needs the Chrome DevTools Protocol (Firefox runs over WebDriver BiDi); the dark and light look in Firefox is checked by the demo screenshots",
};

/** Where Debian installs Firefox ESR (.ci/run installs it). */
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
