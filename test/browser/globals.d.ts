import type { ServerInfo } from '../support/servers.ts';

declare global {
  interface Window {
    /** Signalling servers started by web-test-runner: `kit` (ours), `stock` (npm `peer`). */
    TEST_SERVERS: Record<string, ServerInfo>;
    /** The engine web-test-runner runs this page in (web-test-runner.config.mjs). */
    TEST_ENGINE: 'chromium' | 'firefox';
  }
}
export {};
