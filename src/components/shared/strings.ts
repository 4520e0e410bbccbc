import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * UI strings: every element keeps a table of English strings plus other locales (German ships
 * built in). The locale is the nearest `lang` attribute (crossing shadow roots), else the
 * document's, else `en`. A page overrides any string through the element's `strings` property.
 * Placeholders look like `{name}` and are filled by {@link format} (text only; never HTML).
 */
export type StringTable<T extends Record<string, string>> = { en: T } & Record<string, Partial<T>>;

/** Fills `{key}` placeholders; unknown keys stay as they are. */
export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** Language of `el`: nearest `lang` attribute, walking out of shadow roots; '' if none. */
export function langOf(el: Element): string {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element) {
      const found = node.closest('[lang]');
      if (found) return found.getAttribute('lang') ?? '';
    }
    const root: Node = (node as Element).getRootNode?.() ?? node;
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return '';
}

/** Picks the table for `lang` (`de-AT` falls back to `de`, then English), then applies overrides. */
export function pickStrings<T extends Record<string, string>>(table: StringTable<T>, lang: string, overrides?: Partial<T>): T {
  const l = lang.toLowerCase();
  const base = table[l] ?? table[l.split('-')[0]] ?? {};
  return { ...table.en, ...base, ...(overrides ?? {}) } as T;
}

type Host = ReactiveControllerHost & HTMLElement & { strings?: Partial<Record<string, string>> };

/**
 * Resolves an element's strings and re-renders the host when the document's `lang` changes.
 * The host declares `@property({ attribute: false }) strings?: Partial<T>` (a change re-renders);
 * `lang` changes on the host or on `<html>` are observed here.
 */
export class StringsController<T extends Record<string, string>> implements ReactiveController {
  private observer?: MutationObserver;
  constructor(private readonly host: Host, private readonly table: StringTable<T>) {
    host.addController(this);
  }

  /** The merged strings for the host's current language. */
  get value(): T {
    return pickStrings(this.table, langOf(this.host), this.host.strings as Partial<T> | undefined);
  }

  /** `value[key]` with `{placeholders}` filled. */
  t(key: keyof T & string, vars?: Record<string, string | number>): string {
    return format(this.value[key], vars);
  }

  hostConnected(): void {
    // Pages switch language by setting <html lang>; re-render so labels follow.
    this.observer = new MutationObserver(() => this.host.requestUpdate());
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    this.observer.observe(this.host, { attributes: true, attributeFilter: ['lang'] });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
