-- The events moved out of their holder classes into top-level records of the module that publishes
-- them, the matching module became pool and matchmaker, and the account mails moved to the email module and the icebreakers to the date module. A publication still waiting in the
-- registry names its event type and its listener (with the listener's parameter types) by class
-- name: both are renamed, so it is resubmitted to the same handler as the new type.
create temporary table renamed_classes (old_name text not null, new_name text not null, ord int not null);
insert into renamed_classes values
    ('com.speedmatch.call.CallViews$Changed', 'com.speedmatch.call.CallChanged', 1),
    ('com.speedmatch.call.CallViews$PromptShown', 'com.speedmatch.date.PromptShown', 1),
    ('com.speedmatch.call.CallViews$Ended', 'com.speedmatch.call.CallEnded', 1),
    ('com.speedmatch.call.CallViews$Started', 'com.speedmatch.call.CallStarted', 1),
    ('com.speedmatch.call.CallViews$MatchCalling', 'com.speedmatch.call.MatchCalling', 1),
    ('com.speedmatch.call.CallViews$LeftPool', 'com.speedmatch.call.LeftPool', 1),
    ('com.speedmatch.match.MessageViews$Sent', 'com.speedmatch.match.MessageSent', 1),
    ('com.speedmatch.match.MessageViews$ReadUpTo', 'com.speedmatch.match.MessagesRead', 1),
    ('com.speedmatch.match.MessageViews$Unmatched', 'com.speedmatch.match.Unmatched', 1),
    ('com.speedmatch.user.AccountEvents$Restricted', 'com.speedmatch.user.AccountRestricted', 1),
    ('com.speedmatch.user.AccountEvents$Closed', 'com.speedmatch.user.AccountClosed', 1),
    ('com.speedmatch.user.AccountEvents$Changed', 'com.speedmatch.user.AccountChanged', 1),
    ('com.speedmatch.safety.SafetyService$KeptApart', 'com.speedmatch.safety.KeptApart', 1),
    ('com.speedmatch.matching.PairsMade', 'com.speedmatch.matchmaker.PairsMade', 1),
    ('com.speedmatch.auth.AccountMail', 'com.speedmatch.email.AccountMail', 1),
    ('com.speedmatch.matching.', 'com.speedmatch.pool.', 2);

do $$
declare
    r record;
begin
    for r in select * from renamed_classes order by ord loop
        update event_publication
        set event_type = replace(event_type, r.old_name, r.new_name),
            listener_id = replace(listener_id, r.old_name, r.new_name)
        where strpos(event_type, r.old_name) > 0 or strpos(listener_id, r.old_name) > 0;
    end loop;
end
$$;

drop table renamed_classes;
