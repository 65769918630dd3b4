-- Trust. Every comparison of an email uses one normal form (NFKC, then lower case), computed in
-- Java and stored, so the database compares exactly what the code computed.
alter table users add column email_key varchar(400);
update users set email_key = lower(normalize(email, NFKC));
alter table users alter column email_key set not null;
drop index users_email_key;
create unique index users_email_key on users (email_key);

-- A verified email (moderator rights need one), and the generation of the account's tokens: a
-- password reset or a closing raises it under the row's lock, and every token of an earlier
-- generation is refused, whatever its timestamp.
alter table users
    add column email_verified_at timestamptz,
    add column token_generation  integer not null default 0;

-- Closing an account erases gender and interested_in too: only an open account needs them.
alter table users alter column gender drop not null;
alter table users drop constraint users_interested_in_check;
alter table users add constraint users_interested_in_check
    check (cardinality(interested_in) between 1 and 3 or deleted_at is not null);
alter table users add constraint users_open_accounts_have_a_gender
    check (gender is not null or deleted_at is not null);

-- Single-use links that verify an address, valid 24 h; each names the address it verifies, so a
-- link mailed to an earlier address never verifies a later one.
create table email_verifications (
    id         bigint generated always as identity primary key,
    user_id    bigint       not null references users (id) on delete cascade,
    token_hash varchar(64)  not null unique,
    email_key  varchar(400) not null,
    created_at timestamptz  not null,
    expires_at timestamptz  not null,
    used_at    timestamptz
);
create index email_verifications_user_idx on email_verifications (user_id);
