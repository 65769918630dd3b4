-- Matches that talk: messages between the two users of a match, newest first by id, each client's
-- retry of one message stored once (client_id), and how far each user has read.
create table messages (
    id           bigint generated always as identity primary key,
    match_id     bigint        not null references matches (id) on delete cascade,
    from_user_id bigint        not null references users (id) on delete cascade,
    text         varchar(2000) not null,
    client_id    varchar(64),
    sent_at      timestamptz   not null,
    unique (match_id, from_user_id, client_id)
);
-- The conversation's page, newest first with a before-cursor: one index range.
create index messages_match_idx on messages (match_id, id desc);
create index messages_from_user_idx on messages (from_user_id);

create table message_reads (
    match_id bigint not null references matches (id) on delete cascade,
    user_id  bigint not null references users (id) on delete cascade,
    up_to    bigint not null,
    primary key (match_id, user_id)
);

-- A report may cite a message; its text is kept with the report, so the evidence outlives an
-- unmatch (a report also blocks, and a block unmatches).
alter table reports
    add column message_id   bigint,
    add column message_text varchar(2000);

-- Verified-only dating: a session that pairs only with verified users.
alter table matching_sessions add column verified_only boolean not null default false;

-- An unmatch keeps the two apart for good, like a skip.
alter table exclusions drop constraint exclusions_reason_check;
alter table exclusions add constraint exclusions_reason_check check (reason in ('skip', 'block', 'unmatch'));
