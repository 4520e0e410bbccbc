/** Where cluster state lives: this process's memory (default) or Redis (`redis` option). */

/** The `redis` option: a `redis://` URL, or the URL with a key prefix and the id TTL. */
export type RedisSetting = string | { url: string; prefix?: string; ttlMs?: number };
