redis.call('INCR', KEYS[2])
local seq = redis.call('GET', KEYS[2])
redis.call('RPUSH', KEYS[1], seq .. '|' .. ARGV[2])
local oldest = tonumber(ARGV[3]) - tonumber(ARGV[4])
local length = redis.call('LLEN', KEYS[1])
while length > tonumber(ARGV[5]) do
  local head = redis.call('LINDEX', KEYS[1], 0)
  local headSeq, millis = string.match(head, '^(%d+)|(%d+)|')
  if length <= tonumber(ARGV[6]) and tonumber(millis) >= oldest then break end
  redis.call('LPOP', KEYS[1])
  redis.call('SET', KEYS[3], headSeq)
  length = length - 1
end
for i = 1, 4 do redis.call('EXPIRE', KEYS[i], ARGV[7]) end
return seq
