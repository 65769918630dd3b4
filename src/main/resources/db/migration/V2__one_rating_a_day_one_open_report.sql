-- One open report per reporter and reported user. Reports already filed twice stay as evidence:
-- every one but the first of a pair is marked a duplicate.
alter table reports add column status varchar(16) not null default 'open'
    check (status in ('open', 'duplicate', 'resolved'));
update reports r set status = 'duplicate'
where exists (select 1 from reports first
              where first.reporter_id = r.reporter_id and first.reported_id = r.reported_id and first.id < r.id);
create unique index reports_one_open_per_pair on reports (reporter_id, reported_id) where status = 'open';

-- One rating per rater and rated user per day (UTC): repeated match calls must not let one partner
-- steer the matchmaker's trait means. Extra ratings already given on one day are removed.
alter table personality_ratings add column rated_on date;
update personality_ratings set rated_on = (created_at at time zone 'UTC')::date;
delete from personality_ratings r
where exists (select 1 from personality_ratings first
              where first.rater_id = r.rater_id and first.rated_id = r.rated_id
                and first.rated_on = r.rated_on and first.id < r.id);
alter table personality_ratings alter column rated_on set not null;
alter table personality_ratings alter column rated_on set default ((now() at time zone 'UTC')::date);
create unique index personality_ratings_once_a_day on personality_ratings (rater_id, rated_id, rated_on);
