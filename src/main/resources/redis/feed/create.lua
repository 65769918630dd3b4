-- Creates the feed's counters at ARGV[1] (its base) when they do not exist: the start of every feed script.
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[2], ARGV[1])
  redis.call('SET', KEYS[3], ARGV[1])
  redis.call('SET', KEYS[4], ARGV[1])
end
