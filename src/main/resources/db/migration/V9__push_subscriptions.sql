-- Web Push: each browser (or device) a user subscribed from, with its keys (RFC 8291).
create table push_subscriptions (
    id         bigint generated always as identity primary key,
    user_id    bigint        not null references users (id) on delete cascade,
    endpoint   varchar(2048) not null,
    p256dh     varchar(200)  not null,
    auth       varchar(100)  not null,
    created_at timestamptz   not null,
    unique (user_id, endpoint)
);
