-- The events moved out of their holder classes into top-level records of the module that publishes
-- them. A publication still waiting in the registry is renamed, so it is resubmitted as the new type.
update event_publication set event_type = case event_type
    when 'com.speedmatch.call.CallViews$Changed' then 'com.speedmatch.call.CallChanged'
    when 'com.speedmatch.call.CallViews$PromptShown' then 'com.speedmatch.call.PromptShown'
    when 'com.speedmatch.call.CallViews$Ended' then 'com.speedmatch.call.CallEnded'
    when 'com.speedmatch.call.CallViews$Started' then 'com.speedmatch.call.CallStarted'
    when 'com.speedmatch.call.CallViews$MatchCalling' then 'com.speedmatch.call.MatchCalling'
    when 'com.speedmatch.call.CallViews$LeftPool' then 'com.speedmatch.call.LeftPool'
    when 'com.speedmatch.match.MessageViews$Sent' then 'com.speedmatch.match.MessageSent'
    when 'com.speedmatch.match.MessageViews$ReadUpTo' then 'com.speedmatch.match.MessagesRead'
    when 'com.speedmatch.match.MessageViews$Unmatched' then 'com.speedmatch.match.Unmatched'
    when 'com.speedmatch.user.AccountEvents$Restricted' then 'com.speedmatch.user.AccountRestricted'
    when 'com.speedmatch.user.AccountEvents$Closed' then 'com.speedmatch.user.AccountClosed'
    when 'com.speedmatch.user.AccountEvents$Changed' then 'com.speedmatch.user.AccountChanged'
    when 'com.speedmatch.safety.SafetyService$KeptApart' then 'com.speedmatch.safety.KeptApart'
    else event_type end
where event_type like 'com.speedmatch.%$%';
