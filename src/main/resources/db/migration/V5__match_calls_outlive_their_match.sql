-- Closing an account deletes the user's matches. The calls made in them used to go with them (on
-- delete cascade), and with those calls the ratings the other person gave and the call link of
-- their reports. A match call now outlives its match: it only forgets which match it was.
alter table video_sessions drop constraint video_sessions_match_id_fkey;
alter table video_sessions add constraint video_sessions_match_id_fkey
    foreign key (match_id) references matches (id) on delete set null;
alter table video_sessions drop constraint video_sessions_check;
alter table video_sessions add constraint video_sessions_one_origin
    check (call_session_id is null or match_id is null);
