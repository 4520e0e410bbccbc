import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import { StringsController } from '../shared/strings.js';
import { videoStyles } from './p2p-video.styles.js';
import { videoStrings, type VideoStrings } from './p2p-video.strings.js';

/**
 * Shows a `MediaStream` (local preview or remote peer). Playback starts by itself; when the
 * browser refuses autoplay with sound, the video plays muted and a visible "Click to unmute"
 * button appears (reflected as `autoplay-blocked`) until the user clicks it.
 *
 * @tagname p2p-video
 * @summary Renders a MediaStream, handling autoplay-blocked audio.
 * @csspart video - The `<video>` element.
 * @csspart unmute - The "click to unmute" button.
 * @cssprop --p2p-video-background - Letterbox/background color (default: black).
 * @cssprop --p2p-video-radius - Corner radius.
 * @cssprop --p2p-video-aspect-ratio - Box aspect ratio (default: 16 / 9).
 * @cssprop --p2p-color-accent - Accent (buttons, focus ring); shared by all p2p elements.
 * @cssprop --p2p-color-text - Text color (shared).
 * @cssprop --p2p-color-surface - Panel background (shared).
 * @cssprop --p2p-color-border - Border color (shared).
 * @cssprop --p2p-radius - Corner radius (shared).
 * @cssprop --p2p-font-family - Font (shared).
 */
export class P2PVideoElement extends LitElement {
  static override styles = videoStyles;

  /** The stream to show; `null` clears it. */
  @property({ attribute: false }) stream: MediaStream | null = null;
  /** Never play sound (e.g. the local preview). */
  @property({ type: Boolean, reflect: true }) muted = false;
  /** Flip horizontally, as people expect of their own camera. */
  @property({ type: Boolean, reflect: true }) mirrored = false;
  /** How video fills the box: `contain` (letterbox) or `cover` (crop). */
  @property({ reflect: true }) fit: 'contain' | 'cover' = 'contain';
  /** Accessible name of the video (e.g. "Alice's camera"). */
  @property() label = '';
  /** Set while `stream` is non-null; written by the element. */
  @property({ type: Boolean, reflect: true, attribute: 'has-stream' }) hasStream = false;
  /** Set while sound is held back because the browser refused autoplay; written by the element. */
  @property({ type: Boolean, reflect: true, attribute: 'autoplay-blocked' }) autoplayBlocked = false;
  /** Overrides for the UI strings. */
  @property({ attribute: false }) strings?: Partial<VideoStrings>;

  @query('video') private video!: HTMLVideoElement;
  private readonly i18n = new StringsController<VideoStrings>(this, videoStrings);

  /** The inner `<video>` element (after the first render). */
  get videoElement(): HTMLVideoElement | null {
    return this.video ?? null;
  }

  /**
   * Starts playback. If the browser refuses sound without a user gesture, plays muted and shows
   * the unmute button instead of failing. Resolves once playing (or when there is nothing to play).
   */
  async play(): Promise<void> {
    await this.updateComplete;
    const video = this.video;
    const stream = this.stream;
    if (!video || !stream) return;
    try {
      await video.play();
    } catch (err) {
      if (stream !== this.stream) return; // replaced meanwhile; the new stream plays itself
      if ((err as DOMException).name === 'NotAllowedError' && !video.muted) {
        video.muted = true;
        this.autoplayBlocked = true;
        await video.play().catch(() => undefined);
      } else if ((err as DOMException).name !== 'AbortError') {
        throw err;
      }
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Let the browser release the decoder; the stream itself belongs to whoever gave it to us.
    if (this.video) this.video.srcObject = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && this.stream) this.requestUpdate('stream');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('stream')) {
      this.hasStream = this.stream !== null;
      this.autoplayBlocked = false;
    }
    if (changed.has('muted') && this.muted) this.autoplayBlocked = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const video = this.video;
    video.muted = this.muted || this.autoplayBlocked;
    if (changed.has('stream') || video.srcObject !== this.stream) {
      video.srcObject = this.stream;
      if (this.stream) void this.play().catch(() => undefined);
    }
  }

  override render() {
    return html`<video part="video" autoplay playsinline aria-label=${this.label || nothing}></video>${this.autoplayBlocked
      ? html`<button part="unmute" class="unmute primary" @click=${this.unmute}>${this.i18n.t('unmute')}</button>`
      : nothing}`;
  }

  private unmute(): void {
    this.autoplayBlocked = false;
    this.video.muted = this.muted;
    void this.video.play().catch(() => undefined);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'p2p-video': P2PVideoElement;
  }
}
