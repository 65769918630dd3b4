-- A mail or a push goes out once per event, however often its publication is redelivered: the
-- runtime module claims a key here before the send and marks it sent after it.
create table deliveries (
    key        text primary key,
    claimed_at timestamp with time zone not null,
    sent_at    timestamp with time zone
);
create index deliveries_claimed_at on deliveries (claimed_at);
