/** `util` as PeerJS exposes it (browser name and feature support), plus small helpers of the core. */

/** Random base-36 token, like PeerJS's `randomToken()` (used for connection ids and socket tokens). */
export function randomToken(): string {
  return Math.random().toString(36).slice(2);
}

function detectBrowser(): string {
  const nav = (globalThis as { navigator?: { userAgent?: string } }).navigator;
  const ua = nav?.userAgent;
  if (!ua) return 'Not a browser.';
  if (/Edg\//.test(ua)) return 'edge';
  if (/Firefox\//.test(ua)) return 'firefox';
  if (/Chrom(e|ium)\//.test(ua)) return 'chrome';
  if (/Safari\//.test(ua)) return 'safari';
  return 'Not a supported browser.';
}

function detectSupports(): { browser: boolean; webRTC: boolean; audioVideo: boolean; data: boolean; binaryBlob: boolean; reliable: boolean } {
  const g = globalThis as { RTCPeerConnection?: unknown; RTCDataChannel?: unknown; navigator?: { mediaDevices?: unknown } };
  const webRTC = typeof g.RTCPeerConnection === 'function';
  const data = webRTC && typeof g.RTCDataChannel === 'function';
  return {
    browser: detectBrowser() !== 'Not a browser.' && detectBrowser() !== 'Not a supported browser.',
    webRTC,
    audioVideo: webRTC && !!g.navigator?.mediaDevices,
    data,
    binaryBlob: data,
    reliable: data,
  };
}

/** PeerJS's `util`: `util.browser` and `util.supports.{audioVideo,data,binary,binaryBlob,reliable,webRTC}`. */
export const util = {
  /** `'chrome' | 'firefox' | 'safari' | 'edge' | 'Not a supported browser.' | 'Not a browser.'` */
  get browser(): string { return detectBrowser(); },
  get supports() {
    const s = detectSupports();
    return { ...s, binary: s.data };
  },
  randomToken,
  /** PeerJS's `binary` chunk size (16300 payload bytes per chunk). */
  chunkedMTU: 16300,
};
