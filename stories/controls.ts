/**
 * Story controls from `custom-elements.json`. Storybook lists every attribute, property, event,
 * CSS custom property and part of an element; this module makes those rows do what they say:
 * `{@link controlsFor}` gives argTypes whose controls all work (duplicates and internals hidden, states
 * the element writes shown without a control) and default args; they replace Storybook's own rows
 * (see `.storybook/preview.ts`), and the `{@link fromArgs}` directive
 * applies the args to an element (attributes, CSS custom properties, events as actions).
 */
import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';
import type { ArgTypes, Args } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json' with { type: 'json' };

interface Item { name: string; description?: string; type?: { text: string }; default?: string; fieldName?: string;
  kind?: string; privacy?: string; static?: boolean }
interface Declaration { tagName?: string; attributes?: Item[]; members?: Item[]; events?: Item[];
  cssProperties?: Item[]; cssParts?: Item[] }

function declaration(tag: string): Declaration {
  for (const mod of manifest.modules as { declarations?: Declaration[] }[]) {
    const d = mod.declarations?.find((x) => x.tagName === tag);
    if (d) return d;
  }
  throw new Error(`${tag} is not in custom-elements.json (run npm run analyze)`);
}

/** Storybook's arg name for the action of event `name` (`p2p-message` → `onP2pMessage`), as its CEM support makes it. */
const actionName = (event: string) => `on${event.replace(/(?:^|-)(.)/g, (_m, c: string) => c.toUpperCase())}`;

/** The attribute's default as a control value (`false`, `30_000`, `'idle'`), or undefined. */
function parseDefault(item: Item): unknown {
  const d = item.default?.trim();
  if (!d || d === 'undefined') return undefined;
  if (d === 'true' || d === 'false') return d === 'true';
  if (/^[\d_.]+$/.test(d)) return Number(d.replace(/_/g, ''));
  const str = /^'(.*)'$/.exec(d);
  return str ? str[1] : undefined;
}

function control(item: Item) {
  const t = item.type?.text.replace(/\s*\|\s*undefined/, '') ?? 'string';
  if (t === 'boolean') return { control: 'boolean' as const };
  if (t === 'number') return { control: 'number' as const };
  const options = [...t.matchAll(/'([^']*)'/g)].map((m) => m[1]);
  if (options.length > 1 && options.length <= 4) return { control: 'inline-radio' as const, options };
  return { control: 'text' as const };
}

export interface ControlsOptions {
  /** Attributes the story sets itself (e.g. `remote` per side): listed, but without a control. */
  fixed?: string[];
  /** Attributes the element writes (reflected state): listed as read-only, without a control. */
  output?: string[];
}

/**
 * argTypes and args for `tag`: a working control per settable attribute (its property name in the
 * description), read-only rows for `fixed`/`output` attributes and property-only members, events as
 * actions, CSS custom properties as text controls; private members and the camelCase duplicates of
 * attributes are hidden.
 */
export function controlsFor(tag: string, { fixed = [], output = [] }: ControlsOptions = {}): { argTypes: ArgTypes; args: Args } {
  const d = declaration(tag);
  const settable: ArgTypes = {}, readOnly: ArgTypes = {}, members: ArgTypes = {}, rest: ArgTypes = {};
  const args: Args = {};
  /** A documented row, as Storybook's own custom-elements.json support writes it. */
  const row = (item: Item, category: string, description = item.description ?? '') => ({
    name: item.name, description, control: false as const,
    table: { category, type: { summary: item.type?.text ?? '' }, defaultValue: { summary: item.default } },
  });
  const attrs = d.attributes ?? [];
  for (const a of attrs) {
    const property = a.fieldName && a.fieldName !== a.name ? ` Property: \`${a.fieldName}\`.` : '';
    const note = fixed.includes(a.name) ? ' Set by the story.' : output.includes(a.name) ? ' Written by the element.' : '';
    const r = row(a, 'attributes', `${a.description ?? ''}${property}${note}`);
    if (note) readOnly[a.name] = r;
    else settable[a.name] = { ...r, ...control(a) };
    if (!note && parseDefault(a) !== undefined) args[a.name] = parseDefault(a);
  }
  // Fields: private ones and the camelCase twins of attributes are hidden; property-only ones
  // (objects such as `peer`, `strings`, streams) are listed without a control.
  const fields = new Set(attrs.map((a) => a.fieldName));
  for (const m of d.members ?? []) {
    if (m.kind !== 'field' || attrs.some((a) => a.name === m.name)) continue;
    const hidden = m.privacy === 'private' || m.privacy === 'protected' || m.static || fields.has(m.name);
    if (!hidden) members[m.name] = row(m, 'properties');
  }
  for (const e of d.events ?? []) {
    rest[actionName(e.name)] = { action: e.name, table: { disable: true } };
    rest[e.name] = row(e, 'events');
  }
  for (const c of d.cssProperties ?? []) rest[c.name] = { ...row(c, 'css custom properties'), control: 'text' };
  for (const p of d.cssParts ?? []) rest[p.name] = row(p, 'css shadow parts');
  // Working controls first, then the read-only rows: the panel keeps this order (preview.ts turns
  // off Storybook's own rows from the manifest, which would come first in manifest order).
  const argTypes: ArgTypes = { ...settable, ...readOnly, ...members, ...rest };
  return { argTypes, args };
}

/**
 * `<p2p-x ${fromArgs('p2p-x', args)}>`: sets each attribute of the element that has an arg (`true`
 * → empty attribute; `false`, `''`, null and undefined remove it), the CSS custom properties that
 * have a value, and a listener per event calling its Storybook action. Attributes in `skip` are left
 * to the template.
 */
class FromArgs extends Directive {
  private listeners = new Map<string, EventListener>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('fromArgs() goes on an element: <p2p-x ${fromArgs(tag, args)}>');
  }

  render(_tag: string, _args: Args, _skip?: string[]) { return noChange; }

  override update(part: ElementPart, [tag, args, skip = []]: [string, Args, string[]?]) {
    const el = part.element as HTMLElement;
    const d = declaration(tag);
    for (const a of d.attributes ?? []) {
      if (skip.includes(a.name) || !(a.name in args)) continue;
      const v = args[a.name];
      if (v === false || v === '' || v === null || v === undefined) el.removeAttribute(a.name);
      else el.setAttribute(a.name, v === true ? '' : String(v));
    }
    for (const c of d.cssProperties ?? []) {
      const v = args[c.name];
      if (typeof v === 'string' && v.trim()) el.style.setProperty(c.name, v); else el.style.removeProperty(c.name);
    }
    for (const e of d.events ?? []) {
      const action = args[actionName(e.name)];
      const old = this.listeners.get(e.name);
      if (old) el.removeEventListener(e.name, old);
      // Only the element's own events: those of descendants bubble through (p2p-peer) and are theirs.
      if (typeof action === 'function') {
        const listener: EventListener = (ev) => { if (ev.target === el) (action as (e: Event) => void)(ev); };
        el.addEventListener(e.name, listener);
        this.listeners.set(e.name, listener);
      }
    }
    return noChange;
  }
}

export const fromArgs = directive(FromArgs);
