for i = 1, 4 do redis.call('EXPIRE', KEYS[i], ARGV[3]) end
local last = redis.call('GET', KEYS[2])
if ARGV[2] == '' then return {last, '0'} end
local after = tonumber(ARGV[2])
local ack = ARGV[4] == '' and -1 or tonumber(ARGV[4])
local reset = after < tonumber(redis.call('GET', KEYS[3])) or after > tonumber(last)
local acked = tonumber(redis.call('GET', KEYS[4]))
local result = {last, reset and '1' or '0'}
for _, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local seq, ref = string.match(entry, '^(%d+)|%d+|[^|]*|([^|]*)|')
  seq = tonumber(seq)
  if seq > after then table.insert(result, '+' .. entry)
  elseif not reset and seq > acked and seq <= ack and ref ~= '' then table.insert(result, '-' .. entry) end
end
if not reset and ack > acked then redis.call('SET', KEYS[4], ARGV[4]) end
return result
