local wanted = {}
for _, seq in ipairs(ARGV) do wanted[seq] = true end
local freed, removed = 0, 0
for _, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local seq, size = string.match(entry, '^(%d+)|(%d+)|')
  if wanted[seq] then
    redis.call('LREM', KEYS[1], 1, entry)
    freed = freed + tonumber(size)
    removed = removed + 1
  end
end
if freed > 0 then redis.call('DECRBY', KEYS[3], freed) end
return removed
