-- Each module's implementation moved into its internal package, the registry-backed listeners
-- with it. A publication still waiting in the registry names its listener by class name: renamed,
-- so it is resubmitted to the same handler.
update event_publication
set listener_id = regexp_replace(
        listener_id,
        '^com\.speedmatch\.(user|safety|email|push|feed|signaling)\.(AccountNews|CallsEndedWhenKeptApart|AccountMails|PushSender|FeedWriter|SignalService)\.',
        'com.speedmatch.\1.internal.\2.')
where listener_id ~ '^com\.speedmatch\.(user|safety|email|push|feed|signaling)\.(AccountNews|CallsEndedWhenKeptApart|AccountMails|PushSender|FeedWriter|SignalService)\.';
