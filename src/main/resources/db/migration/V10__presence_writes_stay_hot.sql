-- Presence is written to matching_sessions.last_active every few seconds for every user here.
-- With last_active in an index, no such update could be HOT: each one added an entry to every
-- index of the table and left a dead row behind (a load run: 405,343 updates, none HOT, an index
-- scan for the pool reading 146,231 entries for 4,143 live rows). Without it, and with room left
-- in each page, a presence write rewrites the row in its page and touches no index. The pool's
-- queries find open sessions through partial indexes on user_id, which presence never changes.
drop index matching_sessions_status_last_active_idx;
create index matching_sessions_active_idx on matching_sessions (user_id) where status = 'active';
alter table matching_sessions set (fillfactor = 70);

-- The pool's figures, the waiting estimate and the matchmaker's recent partners all read the
-- calls of the last minutes; without this each read every table's worth of calls.
create index instant_call_sessions_created_idx on instant_call_sessions (created_at);
