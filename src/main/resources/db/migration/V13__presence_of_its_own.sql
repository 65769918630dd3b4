-- Presence gets a table of its own, written only by the presence module: one row per user, its
-- last sighting. It used to be matching_sessions.last_active, written by the pool, by the call's
-- status poll and by a batch job, which made the pool's table everybody's. Only the primary key is
-- indexed, so every presence write stays a HOT update (see V10), and room is left in each page.
create table presence (
    user_id   bigint      primary key references users (id) on delete cascade,
    last_seen timestamptz not null
) with (fillfactor = 70);

insert into presence (user_id, last_seen)
select user_id, max(last_active) from matching_sessions group by user_id;

alter table matching_sessions drop column last_active;
