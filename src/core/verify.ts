/**
 * A short code both ends of a connection can read to each other to rule out a man in the middle
 * (the signalling server could swap DTLS keys; it cannot make both codes match).
 */

/** `a=fingerprint:` values of an SDP, lower-cased. */
function fingerprints(sdp: string | undefined): string[] {
  return [...(sdp ?? '').matchAll(/^a=fingerprint:(\S+ \S+)\s*$/gm)].map((m) => m[1]!.toLowerCase());
}

/**
 * Six digits derived with SHA-256 from both ends' DTLS fingerprints (sorted, so both sides get the
 * same code). Rejects when a description is missing (call it once the connection is open).
 */
export async function verificationCode(pc: RTCPeerConnection): Promise<string> {
  const local = fingerprints(pc.localDescription?.sdp ?? pc.currentLocalDescription?.sdp);
  const remote = fingerprints(pc.remoteDescription?.sdp ?? pc.currentRemoteDescription?.sdp);
  if (!local.length || !remote.length) throw new Error('verificationCode needs both descriptions (wait for open)');
  const material = [[...new Set(local)].sort().join(','), [...new Set(remote)].sort().join(',')].sort().join('|');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`p2p-kit-verify|${material}`)));
  const n = ((digest[0]! << 24) >>> 0) + (digest[1]! << 16) + (digest[2]! << 8) + digest[3]!;
  return String(n % 1_000_000).padStart(6, '0');
}
