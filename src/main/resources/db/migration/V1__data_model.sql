-- The whole data model of SpeedMatch. Later changes come as V2__..., never as edits here.

create table users (
    id            bigint generated always as identity primary key,
    email         varchar(254) not null,
    password_hash varchar(100) not null,
    name          varchar(60)  not null,
    birth_date    date         not null,
    gender        varchar(16)  not null check (gender in ('woman', 'man', 'nonbinary')),
    interested_in text[]       not null check (cardinality(interested_in) between 1 and 3),
    bio           varchar(500),
    interests     text[]       not null default '{}' check (cardinality(interests) <= 20),
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null
);
-- An address is one account whatever its case.
create unique index users_email_key on users (lower(email));

create table refresh_tokens (
    id          bigint generated always as identity primary key,
    user_id     bigint      not null references users (id) on delete cascade,
    token_hash  varchar(64) not null unique,
    family_id   uuid        not null,
    created_at  timestamptz not null,
    expires_at  timestamptz not null,
    used_at     timestamptz,
    revoked_at  timestamptz
);
create index refresh_tokens_family_idx on refresh_tokens (family_id);

-- The guide's MatchingSession: a user's presence in the pool.
create table matching_sessions (
    id                  bigint generated always as identity primary key,
    session_id          uuid             not null unique,
    user_id             bigint           not null references users (id) on delete cascade,
    status              varchar(16)      not null check (status in ('active', 'paused', 'ended')),
    min_age             int              not null,
    max_age             int              not null,
    preferred_interests text[]           not null default '{}',
    personality_weight  double precision not null check (personality_weight between 0 and 1),
    last_active         timestamptz      not null,
    waiting_since       timestamptz      not null,
    created_at          timestamptz      not null,
    ended_at            timestamptz,
    check (min_age >= 18 and max_age >= min_age and max_age <= 120)
);
-- A double-tapped start never leaves two open sessions.
create unique index matching_sessions_one_open_per_user on matching_sessions (user_id) where status <> 'ended';
create index matching_sessions_status_last_active_idx on matching_sessions (status, last_active);

-- Replaces the guide's comma-separated matched_user_ids: indexed, bounded per pair, kept for good.
create table exclusions (
    user_id          bigint      not null references users (id) on delete cascade,
    excluded_user_id bigint      not null references users (id) on delete cascade,
    reason           varchar(16) not null check (reason in ('skip', 'block')),
    created_at       timestamptz not null,
    primary key (user_id, excluded_user_id),
    check (user_id <> excluded_user_id)
);
create index exclusions_excluded_idx on exclusions (excluded_user_id);

-- A pairing made by the matchmaker.
create table instant_call_sessions (
    id                  bigint generated always as identity primary key,
    session_id          uuid             not null unique,
    user1_id            bigint           not null references users (id) on delete cascade,
    user2_id            bigint           not null references users (id) on delete cascade,
    status              varchar(16)      not null check (status in ('waiting', 'active', 'completed', 'cancelled', 'passed')),
    call_completed      boolean          not null default false,
    compatibility_score double precision not null check (compatibility_score between 0 and 1),
    created_at          timestamptz      not null,
    check (user1_id < user2_id)
);
create index instant_call_sessions_pair_idx on instant_call_sessions (user1_id, user2_id, created_at);
create index instant_call_sessions_user2_idx on instant_call_sessions (user2_id, created_at);

create table matches (
    id              bigint generated always as identity primary key,
    user1_id        bigint      not null references users (id) on delete cascade,
    user2_id        bigint      not null references users (id) on delete cascade,
    status          varchar(16) not null check (status in ('mutual')),
    call_session_id bigint      references instant_call_sessions (id) on delete set null,
    created_at      timestamptz not null,
    check (user1_id < user2_id),
    unique (user1_id, user2_id)
);
create index matches_user2_idx on matches (user2_id);

create table video_sessions (
    id              bigint generated always as identity primary key,
    session_id      uuid        not null unique,
    call_session_id bigint unique references instant_call_sessions (id) on delete cascade,
    match_id        bigint references matches (id) on delete cascade,
    status          varchar(16) not null check (status in ('waiting', 'active', 'completed', 'cancelled')),
    duration        int         not null check (duration > 0),
    created_at      timestamptz not null,
    started_at      timestamptz,
    ends_at         timestamptz,
    ended_at        timestamptz,
    end_reason      varchar(24),
    check ((call_session_id is null) <> (match_id is null)),
    check ((status = 'active') = (started_at is not null and ended_at is null)
           or status in ('completed', 'cancelled'))
);
create index video_sessions_active_ends_idx on video_sessions (ends_at) where status = 'active';
create index video_sessions_waiting_created_idx on video_sessions (created_at) where status = 'waiting';

create table video_participants (
    video_session_id bigint      not null references video_sessions (id) on delete cascade,
    user_id          bigint      not null references users (id) on delete cascade,
    joined_at        timestamptz,
    left_at          timestamptz,
    primary key (video_session_id, user_id)
);
create index video_participants_user_idx on video_participants (user_id);

-- One live call per user, enforced by the database: a row per participant of a waiting or
-- active call, inserted with the call and deleted when it ends. The matchmaker may be wrong;
-- this primary key may not.
create table live_calls (
    user_id          bigint primary key references users (id) on delete cascade,
    video_session_id bigint not null references video_sessions (id) on delete cascade
);
create index live_calls_video_session_idx on live_calls (video_session_id);

create table call_decisions (
    call_session_id bigint      not null references instant_call_sessions (id) on delete cascade,
    user_id         bigint      not null references users (id) on delete cascade,
    decision        varchar(16) not null check (decision in ('skip', 'continue', 'next')),
    created_at      timestamptz not null,
    primary key (call_session_id, user_id)
);

create table personality_ratings (
    id                bigint generated always as identity primary key,
    video_session_id  bigint      not null references video_sessions (id) on delete cascade,
    rater_id          bigint      not null references users (id) on delete cascade,
    rated_id          bigint      not null references users (id) on delete cascade,
    openness          smallint    not null check (openness between 1 and 5),
    conscientiousness smallint    not null check (conscientiousness between 1 and 5),
    extraversion      smallint    not null check (extraversion between 1 and 5),
    agreeableness     smallint    not null check (agreeableness between 1 and 5),
    neuroticism       smallint    not null check (neuroticism between 1 and 5),
    created_at        timestamptz not null,
    unique (video_session_id, rater_id),
    check (rater_id <> rated_id)
);
create index personality_ratings_rated_idx on personality_ratings (rated_id);

create table reports (
    id               bigint generated always as identity primary key,
    reporter_id      bigint       not null references users (id) on delete cascade,
    reported_id      bigint       not null references users (id) on delete cascade,
    reason           varchar(16)  not null check (reason in ('harassment', 'nudity', 'spam', 'underage', 'other')),
    details          varchar(2000),
    video_session_id bigint references video_sessions (id) on delete set null,
    created_at       timestamptz  not null
);
create index reports_reported_idx on reports (reported_id, created_at);
