/**
 * What the live stories do on their own (Storybook `play` functions): both sides of a story are
 * found by their `data-side` section, buttons inside an element's shadow root by their text.
 * Each step waits for what the user would see, never for a fixed time.
 */
import { userEvent, waitFor } from 'storybook/test';

/** Generous: the first WebRTC connection in a page can take a few seconds on a busy machine. */
const LONG = { timeout: 20000 };

/** The `tag` element on Ann's and on Ben's side. */
export async function bothSides<T extends HTMLElement>(canvas: HTMLElement, tag: string): Promise<[T, T]> {
  return waitFor(() => {
    const ann = canvas.querySelector<T>(`[data-side=ann] ${tag}`);
    const ben = canvas.querySelector<T>(`[data-side=ben] ${tag}`);
    if (!ann?.shadowRoot || !ben?.shadowRoot) throw new Error(`no ${tag} on both sides yet`);
    return [ann, ben] as [T, T];
  }, LONG);
}

/** Waits until `el`'s shadow root has an enabled button whose text matches `name`, and presses it. */
export async function press(el: HTMLElement, name: RegExp): Promise<void> {
  const button = await waitFor(() => {
    const b = [...el.shadowRoot!.querySelectorAll('button')].find((x) => name.test(x.textContent ?? '') && !x.disabled);
    if (!b) throw new Error(`no ${name} button in ${el.localName}`);
    return b;
  }, LONG);
  await userEvent.click(button);
}

/** Types `text` into `el`'s shadow textarea and presses Enter. */
export async function typeAndSend(el: HTMLElement, text: string): Promise<void> {
  const box = await waitFor(() => el.shadowRoot!.querySelector('textarea') ?? Promise.reject(new Error('no textarea')), LONG);
  await userEvent.type(box, text);
  await userEvent.keyboard('{Enter}');
}

/** Waits until `check()` is true (throws its message otherwise). */
export function until(what: string, check: () => boolean): Promise<void> {
  return waitFor(() => { if (!check()) throw new Error(`still waiting: ${what}`); }, LONG);
}

/** A small generated text file (`kib` KiB of numbered lines). */
export function sampleFile(name: string, kib = 48): File {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < kib * 1024; i++) {
    const line = `line ${i}: sent over a WebRTC data channel, no server\n`;
    lines.push(line);
    size += line.length;
  }
  return new File(lines, name, { type: 'text/plain' });
}

/** Picks `file` in `el`'s hidden file input, as the "Choose files…" button does. */
export async function pick(el: HTMLElement, file: File): Promise<void> {
  const input = await waitFor(() => el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')
    ?? Promise.reject(new Error('no file input')), LONG);
  await userEvent.upload(input, file);
}
