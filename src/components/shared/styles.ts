import { css } from 'lit';

/**
 * Host sheet every `<p2p-*>` element puts first in `static styles`. It defines the public theme
 * (`--p2p-*` custom properties, inherited, so set them once on `body` or on one element) and
 * reads them through private `--_*` locals with light defaults, dark defaults under
 * `prefers-color-scheme: dark`, and no motion under `prefers-reduced-motion: reduce`.
 *
 * @cssprop --p2p-font-family - Font of all text (default: system UI font).
 * @cssprop --p2p-font-size - Base font size (default: 0.9375rem).
 * @cssprop --p2p-color-text - Text color.
 * @cssprop --p2p-color-muted - Secondary text color.
 * @cssprop --p2p-color-surface - Background of panels.
 * @cssprop --p2p-color-border - Borders and separators.
 * @cssprop --p2p-color-accent - Primary buttons and focus rings.
 * @cssprop --p2p-color-on-accent - Text on accent.
 * @cssprop --p2p-color-danger - Errors, hang-up and decline.
 * @cssprop --p2p-color-success - Positive states (open, delivered).
 * @cssprop --p2p-radius - Corner radius.
 * @cssprop --p2p-gap - Spacing unit.
 */
export const hostStyles = css`
  :host {
    --_font: var(--p2p-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_size: var(--p2p-font-size, 0.9375rem);
    --_text: var(--p2p-color-text, #1b1f24);
    --_muted: var(--p2p-color-muted, #57606a);
    --_surface: var(--p2p-color-surface, #ffffff);
    --_border: var(--p2p-color-border, #d0d7de);
    --_accent: var(--p2p-color-accent, #0a58ca);
    --_on-accent: var(--p2p-color-on-accent, #ffffff);
    --_danger: var(--p2p-color-danger, #b42318);
    --_on-danger: #ffffff;
    --_success: var(--p2p-color-success, #1a7f37);
    --_radius: var(--p2p-radius, 0.5rem);
    --_gap: var(--p2p-gap, 0.5rem);
    --_transition: 150ms ease;
    box-sizing: border-box;
    font-family: var(--_font);
    font-size: var(--_size);
    color: var(--_text);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_text: var(--p2p-color-text, #e6edf3);
      --_muted: var(--p2p-color-muted, #9da7b3);
      --_surface: var(--p2p-color-surface, #161b22);
      --_border: var(--p2p-color-border, #3d444d);
      --_accent: var(--p2p-color-accent, #4493f8);
      --_on-accent: var(--p2p-color-on-accent, #0d1117);
      --_danger: var(--p2p-color-danger, #f85149);
      --_on-danger: #0d1117;
      --_success: var(--p2p-color-success, #3fb950);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    :host { --_transition: 0s; }
    *, *::before, *::after { animation: none !important; transition: none !important; }
  }
  :host([hidden]) { display: none !important; }
  *, *::before, *::after { box-sizing: inherit; }

  /* Shared look for buttons and text inputs inside the elements. */
  button, .p2p-button {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.35em 0.8em;
    cursor: pointer;
    transition: background var(--_transition), border-color var(--_transition);
  }
  button.primary { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); }
  button.danger { background: var(--_danger); border-color: var(--_danger); color: var(--_on-danger); }
  button:disabled { opacity: 0.55; cursor: not-allowed; }
  button:focus-visible, input:focus-visible, textarea:focus-visible, [tabindex]:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  input, textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.35em 0.6em;
  }
  .visually-hidden {
    position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
    overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
`;
