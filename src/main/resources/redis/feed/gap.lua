local seq = redis.call('INCR', KEYS[2])
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[3], seq)
redis.call('SET', KEYS[4], seq)
for i = 2, 4 do redis.call('EXPIRE', KEYS[i], ARGV[2]) end
return 'ok'
