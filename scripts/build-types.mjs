// A CEM analyzer plugin (custom-elements-manifest.config.mjs) that fixes up the JSX and Vue typings the CEM plugins generate (dist/jsx.d.ts, dist/vue.d.ts) so they
// type-check in a consumer with `skipLibCheck: false`: the generators import only the element
// classes, but the event props name our event classes too (from `@fires {P2PMessageEvent}`), the Vue
// one imports an event once per element that fires it; and
// @wc-toolkit/jsx-types augments preact, solid-js, hono, qwik, stencil and react-native as well,
// which fails where those are not installed (TS2664), so only React's modules and the global JSX stay.
import { readFileSync, writeFileSync } from 'node:fs';

const KEEP = new Set(['react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'vue']);

export function fixTypings(file) {
  let text = readFileSync(file, 'utf8');
  text = text.replace(/\ndeclare module "([^"]+)" \{\n[^]*?\n\}\n/g, (block, name) => (KEEP.has(name) ? block : '\n'));
  // The Vue generator names an event once per element that fires it: one import each.
  text = text.replace(/import type \{([^}]*)\} from "p2p-kit";/g, (_, names) =>
    `import type {\n${[...new Set(names.split(',').map((n) => n.trim()).filter(Boolean))].map((n) => `  ${n},\n`).join('')}} from "p2p-kit";`);
  // Attribute `peer` (an element id, property `peerRef`) and property `peer` (a Peer) share a name:
  // one prop typed as either.
  text = text.replace(/^type (\w+Props) = \{\n([^]*?)\n\};$/gm, (_, name, body) => {
    const seen = new Map();
    const lines = body.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = /^ {2}("?[\w-]+"?)\?: (.+);$/.exec(lines[i]);
      if (!m) continue;
      if (!seen.has(m[1])) { seen.set(m[1], i); continue; }
      const first = seen.get(m[1]);
      lines[first] = lines[first].replace(/;$/, ` | ${m[2]};`);
      lines[i] = undefined;
      if (lines[i - 1]?.startsWith('  /**')) lines[i - 1] = undefined;
    }
    return `type ${name} = {\n${lines.filter((l) => l !== undefined).join('\n')}\n};`;
  });
  const local = new Set([...text.matchAll(/\b(?:type|interface|class)\s+(\w+)/g)].map((m) => m[1]));
  const imported = new Set([...text.matchAll(/import type \{([^}]*)\} from "p2p-kit"/g)].flatMap((m) => m[1].split(',').map((s) => s.trim())));
  const events = [...new Set([...text.matchAll(/\bP2P\w+Event\b/g)].map((m) => m[0]))].filter((n) => !local.has(n) && !imported.has(n)).sort();
  if (events.length) text = `import type { ${events.join(', ')} } from "p2p-kit";\n${text}`;
  writeFileSync(file, text);
}

/** A CEM analyzer plugin, listed after the generators: fixes their files once they are written. */
export const fixTypingsPlugin = (files) => ({ name: 'p2p-kit-fix-typings', packageLinkPhase: () => files.forEach(fixTypings) });
