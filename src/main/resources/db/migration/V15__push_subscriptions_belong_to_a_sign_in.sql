-- A push subscription belongs to the sign-in that made it (its refresh tokens' family): logging
-- out ends it, and a password reset, a suspension, a ban or a closed account end them all. A
-- subscription from before this has no sign-in: only the account-wide ends reach it. When it last
-- took a push is shown to its owner.
alter table push_subscriptions
    add column sign_in uuid,
    add column last_success_at timestamptz;
create index push_subscriptions_sign_in_idx on push_subscriptions (sign_in) where sign_in is not null;
