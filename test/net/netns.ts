/**
 * A throwaway network namespace with a veth pair and nftables random UDP loss (TOOLCHAIN §14;
 * `tc netem` is not available on these kernels). Needs root, `ip` (iproute2) and `nft` (nftables).
 */
import { execFileSync } from 'node:child_process';

/** The one place the loss rule is written: flush the chain, then drop `pct`% of UDP at random. */
export function setLossCommands(pct: number): string[][] {
  const rule = pct > 0 ? [['nft', 'add', 'rule', 'inet', 'loss', 'in', 'meta', 'l4proto', 'udp', 'numgen', 'random', 'mod', '100', '<', String(pct), 'counter', 'drop']] : [];
  return [['nft', 'flush', 'chain', 'inet', 'loss', 'in'], ...rule];
}

/** Why namespaces cannot be used here, or undefined when they can. */
export function namespaceUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  for (const tool of ['ip', 'nft']) {
    try { execFileSync(tool, ['-V'], { stdio: 'ignore' }); } catch { return `\`${tool}\` is not installed (apt: ${tool === 'ip' ? 'iproute2' : 'nftables'})`; }
  }
  const probe = `p2pprobe${process.pid}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'pipe' });
  } catch (err) {
    return `cannot create a network namespace (${String((err as { stderr?: Buffer }).stderr ?? err).trim()})`;
  }
  return undefined;
}

/** Creates the namespace `name` with `pct`% UDP loss; returns a function that deletes it. */
export function createLossyNamespace(name: string, pct: number): () => void {
  const inNs = (...cmd: string[]): void => { execFileSync('ip', ['netns', 'exec', name, ...cmd], { stdio: 'pipe' }); };
  const remove = (): void => { try { execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' }); } catch { /* already gone */ } };
  execFileSync('ip', ['netns', 'add', name], { stdio: 'pipe' });
  try {
    inNs('ip', 'link', 'set', 'lo', 'up');
    inNs('ip', 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    inNs('ip', 'addr', 'add', '198.18.0.1/24', 'dev', 'v0');
    inNs('ip', 'addr', 'add', '198.18.0.2/24', 'dev', 'v1');
    inNs('ip', 'link', 'set', 'v0', 'up');
    inNs('ip', 'link', 'set', 'v1', 'up');
    // Chromium gathers no candidates at all without a default route.
    inNs('ip', 'route', 'add', 'default', 'via', '198.18.0.2', 'dev', 'v0');
    inNs('nft', 'add', 'table', 'inet', 'loss');
    inNs('nft', 'add', 'chain', 'inet', 'loss', 'in', '{ type filter hook input priority 0; }');
    for (const cmd of setLossCommands(pct)) inNs(...cmd);
  } catch (err) {
    remove();
    throw err;
  }
  return remove;
}
