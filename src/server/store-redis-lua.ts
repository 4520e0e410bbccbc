/**
 * The Redis store's atomic steps (see `store-redis.ts` for the key layout). Owner values are
 * `node\ttoken`; an owner counts only while its `alive` score (expiry, ms) is after `now`.
 */
const OWNER = `
local function owner(owners, alive, id, now)
  local cur = redis.call('HGET', owners, id)
  if not cur then return nil end
  local score = redis.call('ZSCORE', alive, id)
  if not score or tonumber(score) <= tonumber(now) then return nil end
  local sep = string.find(cur, '\\t', 1, true)
  return string.sub(cur, 1, sep - 1), string.sub(cur, sep + 1)
end
`;

export const LUA = {
  /**
   * KEYS owners alive qs qb q:<id> presence; ARGV id value token now expiry →
   * {'taken'} | {'ok', previousNode, queued, stale, presence} (stale = 1: a lapsed holder was still listed in
   * presence; presence: the re-attached peer's presence entry, which it keeps).
   */
  claim: { keys: 6, lua: `${OWNER}
local node, token = owner(KEYS[1], KEYS[2], ARGV[1], ARGV[4])
if node and token ~= ARGV[3] then return {'taken'} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
local items = redis.call('LRANGE', KEYS[5], 0, -1)
redis.call('DEL', KEYS[5])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
local stale, presence = 0, ''
if node then presence = redis.call('HGET', KEYS[6], ARGV[1]) or ''
else stale = redis.call('HDEL', KEYS[6], ARGV[1]) end
return {'ok', node or '', items, stale, presence}` },

  /** KEYS owners alive; ARGV id value: frees the id only if `value` (this node and token) still holds it. */
  release: { keys: 2, lua: `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
  return 1
end
return 0` },

  /** KEYS owners alive; ARGV nodePrefix expiry ids...: extends the ids this node still owns, returns the others. */
  refresh: { keys: 2, lua: `
local lost = {}
for i = 3, #ARGV do
  local cur = redis.call('HGET', KEYS[1], ARGV[i])
  if cur and string.sub(cur, 1, #ARGV[1]) == ARGV[1] then redis.call('ZADD', KEYS[2], ARGV[2], ARGV[i])
  else table.insert(lost, ARGV[i]) end
end
return lost` },

  /**
   * KEYS owners alive qs qb q:<dst>; ARGV dst now item bytes maxItems maxBytes →
   * {'node', node} (held: send it there) | {'queued'} | {'full'}.
   */
  route: { keys: 5, lua: `${OWNER}
local node = owner(KEYS[1], KEYS[2], ARGV[1], ARGV[2])
if node then return {'node', node} end
local n = redis.call('LLEN', KEYS[5])
local b = tonumber(redis.call('HGET', KEYS[4], ARGV[1]) or '0')
if n >= tonumber(ARGV[5]) or b + tonumber(ARGV[4]) > tonumber(ARGV[6]) then return {'full'} end
redis.call('RPUSH', KEYS[5], ARGV[3])
redis.call('HINCRBY', KEYS[4], ARGV[1], ARGV[4])
redis.call('ZADD', KEYS[3], 'NX', ARGV[2], ARGV[1])
return {'queued'}` },

  /** KEYS qs qb; ARGV cutoff qPrefix → {{dst, items}...} for queues created at or before cutoff (removed). */
  expire: { keys: 2, lua: `
local out = {}
for _, dst in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 200)) do
  local q = ARGV[2] .. dst
  table.insert(out, {dst, redis.call('LRANGE', q, 0, -1)})
  redis.call('DEL', q)
  redis.call('ZREM', KEYS[1], dst)
  redis.call('HDEL', KEYS[2], dst)
end
return out` },

  /** KEYS owners alive presence; ARGV now → ids that lapsed and were discoverable (all lapsed ids are removed). */
  sweep: { keys: 3, lua: `
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 500)) do
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[1], id)
  if redis.call('HDEL', KEYS[3], id) == 1 then table.insert(out, id) end
end
return out` },

  /** KEYS presence alive; ARGV now → presence JSON of live discoverable peers. */
  presence: { keys: 2, lua: `
local out = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local score = redis.call('ZSCORE', KEYS[2], all[i])
  if score and tonumber(score) > tonumber(ARGV[1]) then table.insert(out, all[i + 1]) end
end
return out` },
} as const;
