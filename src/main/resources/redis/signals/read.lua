local last = redis.call('GET', KEYS[2]) or ARGV[2]
local freed = 0
local result = {last}
if ARGV[1] == '' then
  for _, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
    freed = freed + tonumber(string.match(entry, '^%d+|(%d+)|'))
    table.insert(result, entry)
  end
  redis.call('DEL', KEYS[1])
else
  local after = tonumber(ARGV[1])
  if after <= tonumber(last) then
    while true do
      local head = redis.call('LINDEX', KEYS[1], 0)
      if not head then break end
      local seq, size = string.match(head, '^(%d+)|(%d+)|')
      if tonumber(seq) > after then break end
      redis.call('LPOP', KEYS[1])
      freed = freed + tonumber(size)
    end
  end
  for _, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do table.insert(result, entry) end
end
if freed > 0 then redis.call('DECRBY', KEYS[3], freed) end
return result
