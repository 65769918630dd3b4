if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[1]) then return -1 end
local queued = 0
for _, call in ipairs(redis.call('SMEMBERS', KEYS[4])) do
  local bytes = redis.call('GET', ARGV[8] .. call)
  if bytes then queued = queued + tonumber(bytes)
  elseif call ~= ARGV[7] then redis.call('SREM', KEYS[4], call) end
end
if queued + tonumber(ARGV[3]) > tonumber(ARGV[2]) then return -2 end
redis.call('SET', KEYS[2], ARGV[5], 'NX')
redis.call('INCR', KEYS[2])
-- Read back as text: Lua would print a 16-digit number in exponent form.
local seq = redis.call('GET', KEYS[2])
redis.call('RPUSH', KEYS[1], seq .. '|' .. ARGV[3] .. '|' .. ARGV[4])
redis.call('INCRBY', KEYS[3], ARGV[3])
redis.call('SADD', KEYS[4], ARGV[7])
for i = 1, 4 do redis.call('EXPIRE', KEYS[i], ARGV[6]) end
return tonumber(seq)
