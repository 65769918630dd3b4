-- Account lifecycle: a closed account keeps its row (reports and moderation decisions about it
-- stay, pseudonymized); suspensions and bans; tokens issued before tokens_valid_after are refused.
alter table users
    add column deleted_at         timestamptz,
    add column suspended_until    timestamptz,
    add column banned_at          timestamptz,
    add column tokens_valid_after timestamptz,
    add column warning            varchar(2000),
    add column warning_shown_at   timestamptz;

-- Moderation: how a report was resolved, and every moderator action.
alter table reports
    add column resolved_at     timestamptz,
    add column resolved_by     bigint references users (id),
    add column resolution      varchar(16) check (resolution in ('dismiss', 'warn', 'suspend', 'ban'));
create index reports_open_idx on reports (created_at) where status = 'open';

create table moderation_actions (
    id           bigint generated always as identity primary key,
    moderator_id bigint        not null references users (id),
    subject_id   bigint        not null references users (id),
    report_id    bigint        references reports (id),
    action       varchar(16)   not null check (action in ('dismiss', 'warn', 'suspend', 'ban', 'lift')),
    days         int           check (days between 1 and 3650),
    note         varchar(2000),
    created_at   timestamptz   not null
);
create index moderation_actions_subject_idx on moderation_actions (subject_id, created_at);

-- How long each user had waited when the matchmaker paired them: the pool's median wait.
alter table instant_call_sessions
    add column user1_waited_ms bigint,
    add column user2_waited_ms bigint;

-- What each participant's client measured of a call's WebRTC connection (once per user and call).
create table call_quality (
    video_session_id bigint      not null references video_sessions (id) on delete cascade,
    user_id          bigint      not null references users (id) on delete cascade,
    connected_ms     int         check (connected_ms between 0 and 600000),
    candidate_type   varchar(8)  check (candidate_type in ('host', 'srflx', 'prflx', 'relay')),
    failed_stage     varchar(8)  check (failed_stage in ('ice', 'dtls', 'media')),
    rtt_ms           int         check (rtt_ms between 0 and 60000),
    created_at       timestamptz not null,
    primary key (video_session_id, user_id)
);

-- Password resets: single-use, stored hashed, valid 30 minutes.
create table password_reset_tokens (
    id         bigint generated always as identity primary key,
    user_id    bigint      not null references users (id) on delete cascade,
    token_hash varchar(64) not null unique,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index password_reset_tokens_user_idx on password_reset_tokens (user_id);
