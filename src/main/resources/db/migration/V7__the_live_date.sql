-- The live date (SPEC "The live date"): extensions both ask for, a pause while a connection is
-- down, and icebreakers for both at once.

-- Extend together: who asked for the next extension, and how many were granted. A pause stops the
-- timer: ends_at moves on by its length when it ends; the pauses' total is bounded by video.max-pause.
alter table video_sessions
    add column extend_requested_by bigint[] not null default '{}',
    add column extensions          integer  not null default 0,
    add column paused_since        timestamptz,
    add column paused_ms           bigint   not null default 0;

-- A participant whose media connection dropped: reported by their client, or silent too long (then
-- their return restores it; a client's own report waits for its "restored").
alter table video_participants
    add column connection_lost_at     timestamptz,
    add column connection_lost_silent boolean not null default false;

-- The prompt bank: first-date questions in themes, each theme tied to the interests it suits.
create table prompts (
    id        bigint generated always as identity primary key,
    theme     varchar(32)  not null,
    text      varchar(200) not null unique,
    interests text[]       not null default '{}'
);

-- The prompts of a call, one per slot: slot 0 when the call starts, the next every
-- video.prompt-interval or when a participant asks. The primary key makes a slot's prompt
-- chosen once, whichever instance gets there first.
create table call_prompts (
    video_session_id bigint      not null references video_sessions (id) on delete cascade,
    slot             integer     not null,
    prompt_id        bigint      not null references prompts (id),
    shown_at         timestamptz not null,
    requested_by     bigint,
    primary key (video_session_id, slot)
);
create index call_prompts_prompt_idx on call_prompts (prompt_id);

insert into prompts (theme, text, interests) values
    ('travel', 'What''s the best trip you''ve ever taken, and what made it the best?', '{"travel","backpacking","languages","photography","road trips"}'),
    ('travel', 'If you could wake up tomorrow in any city in the world, which would it be?', '{"travel","backpacking","languages","photography","road trips"}'),
    ('travel', 'Window seat or aisle seat, and why?', '{"travel","backpacking","languages","photography","road trips"}'),
    ('travel', 'What''s a place you''d love to go back to, and who would you take?', '{"travel","backpacking","languages","photography","road trips"}'),
    ('travel', 'What''s the most unexpected thing that happened to you while travelling?', '{"travel","backpacking","languages","photography","road trips"}'),
    ('travel', 'Plan or improvise: how do you spend the first day in a new city?', '{"travel","backpacking","languages","photography","road trips"}'),
    ('travel', 'Which country''s food would you travel for?', '{"travel","backpacking","languages","photography","road trips"}'),
    ('travel', 'What''s a small local spot you''d recommend to anyone visiting your town?', '{"travel","backpacking","languages","photography","road trips"}'),
    ('travel', 'Beach holiday, mountain cabin or city break?', '{"travel","backpacking","languages","photography","road trips"}'),
    ('travel', 'What''s the longest journey you''ve ever made, door to door?', '{"travel","backpacking","languages","photography","road trips"}'),
    ('travel', 'Which language would you love to speak fluently?', '{"travel","backpacking","languages","photography","road trips"}'),
    ('travel', 'What''s a trip that''s been on your list for years?', '{"travel","backpacking","languages","photography","road trips"}'),
    ('travel', 'Have you ever missed a train or a flight? What happened next?', '{"travel","backpacking","languages","photography","road trips"}'),
    ('food', 'What''s the dish you cook when you want to impress someone?', '{"cooking","food","baking","wine","coffee","restaurants"}'),
    ('food', 'What''s your go-to comfort food after a long week?', '{"cooking","food","baking","wine","coffee","restaurants"}'),
    ('food', 'Sweet breakfast or savoury breakfast?', '{"cooking","food","baking","wine","coffee","restaurants"}'),
    ('food', 'What''s a food you hated as a child and love now?', '{"cooking","food","baking","wine","coffee","restaurants"}'),
    ('food', 'If you opened a small restaurant, what would be on the menu?', '{"cooking","food","baking","wine","coffee","restaurants"}'),
    ('food', 'What''s the best meal you''ve had this year?', '{"cooking","food","baking","wine","coffee","restaurants"}'),
    ('food', 'Coffee, tea, or neither?', '{"cooking","food","baking","wine","coffee","restaurants"}'),
    ('food', 'What''s the most adventurous thing you''ve ever eaten?', '{"cooking","food","baking","wine","coffee","restaurants"}'),
    ('food', 'Pineapple on pizza: where do you stand?', '{"cooking","food","baking","wine","coffee","restaurants"}'),
    ('food', 'Do you have a family recipe that''s been handed down?', '{"cooking","food","baking","wine","coffee","restaurants"}'),
    ('food', 'What would your last meal on earth be?', '{"cooking","food","baking","wine","coffee","restaurants"}'),
    ('food', 'Street food or a fancy tasting menu?', '{"cooking","food","baking","wine","coffee","restaurants"}'),
    ('food', 'What''s a snack you always have at home?', '{"cooking","food","baking","wine","coffee","restaurants"}'),
    ('music', 'What song have you had on repeat lately?', '{"music","jazz","concerts","dancing","festivals","singing","guitar","piano"}'),
    ('music', 'What was the first concert you went to?', '{"music","jazz","concerts","dancing","festivals","singing","guitar","piano"}'),
    ('music', 'Which artist would you fly across the world to see live?', '{"music","jazz","concerts","dancing","festivals","singing","guitar","piano"}'),
    ('music', 'What''s a song that always gets you dancing?', '{"music","jazz","concerts","dancing","festivals","singing","guitar","piano"}'),
    ('music', 'Do you sing in the shower, in the car, or never?', '{"music","jazz","concerts","dancing","festivals","singing","guitar","piano"}'),
    ('music', 'What album would you take to a desert island?', '{"music","jazz","concerts","dancing","festivals","singing","guitar","piano"}'),
    ('music', 'Do you play an instrument, or wish you did?', '{"music","jazz","concerts","dancing","festivals","singing","guitar","piano"}'),
    ('music', 'What''s a guilty-pleasure song you secretly love?', '{"music","jazz","concerts","dancing","festivals","singing","guitar","piano"}'),
    ('music', 'Festival crowd or small intimate gig?', '{"music","jazz","concerts","dancing","festivals","singing","guitar","piano"}'),
    ('music', 'What song reminds you of a summer you''ll never forget?', '{"music","jazz","concerts","dancing","festivals","singing","guitar","piano"}'),
    ('music', 'If your life had a theme tune, what would it be?', '{"music","jazz","concerts","dancing","festivals","singing","guitar","piano"}'),
    ('music', 'Who would you want to make the soundtrack for a road trip?', '{"music","jazz","concerts","dancing","festivals","singing","guitar","piano"}'),
    ('music', 'What''s a genre you never thought you''d like, but do?', '{"music","jazz","concerts","dancing","festivals","singing","guitar","piano"}'),
    ('stories', 'What''s a film you could watch again and again?', '{"movies","film","books","reading","series","art","theatre","writing"}'),
    ('stories', 'What''s the last book that really stayed with you?', '{"movies","film","books","reading","series","art","theatre","writing"}'),
    ('stories', 'Which fictional world would you most like to live in?', '{"movies","film","books","reading","series","art","theatre","writing"}'),
    ('stories', 'What series did you binge-watch way too fast?', '{"movies","film","books","reading","series","art","theatre","writing"}'),
    ('stories', 'Who''s a character you relate to more than you''d like to admit?', '{"movies","film","books","reading","series","art","theatre","writing"}'),
    ('stories', 'What''s a movie everyone loves that you just don''t get?', '{"movies","film","books","reading","series","art","theatre","writing"}'),
    ('stories', 'Cinema with popcorn or a sofa with blankets?', '{"movies","film","books","reading","series","art","theatre","writing"}'),
    ('stories', 'If someone made a film about your life, who would play you?', '{"movies","film","books","reading","series","art","theatre","writing"}'),
    ('stories', 'What''s a book you''d hand to a friend without saying why?', '{"movies","film","books","reading","series","art","theatre","writing"}'),
    ('stories', 'Which museum or exhibition surprised you the most?', '{"movies","film","books","reading","series","art","theatre","writing"}'),
    ('stories', 'What film made you cry, even a little?', '{"movies","film","books","reading","series","art","theatre","writing"}'),
    ('stories', 'What''s a story you loved as a child?', '{"movies","film","books","reading","series","art","theatre","writing"}'),
    ('stories', 'Subtitles on or off?', '{"movies","film","books","reading","series","art","theatre","writing"}'),
    ('outdoors', 'What''s your favourite way to spend a sunny Sunday?', '{"hiking","running","climbing","cycling","yoga","sports","swimming","football","gym","nature"}'),
    ('outdoors', 'What''s the most beautiful view you''ve ever hiked to?', '{"hiking","running","climbing","cycling","yoga","sports","swimming","football","gym","nature"}'),
    ('outdoors', 'Are you a morning runner or an evening wanderer?', '{"hiking","running","climbing","cycling","yoga","sports","swimming","football","gym","nature"}'),
    ('outdoors', 'What sport would you love to be secretly great at?', '{"hiking","running","climbing","cycling","yoga","sports","swimming","football","gym","nature"}'),
    ('outdoors', 'Sea swimming, lake swimming, or pool only?', '{"hiking","running","climbing","cycling","yoga","sports","swimming","football","gym","nature"}'),
    ('outdoors', 'What''s the hardest physical challenge you''ve ever done?', '{"hiking","running","climbing","cycling","yoga","sports","swimming","football","gym","nature"}'),
    ('outdoors', 'Do you have a team you''d defend in any argument?', '{"hiking","running","climbing","cycling","yoga","sports","swimming","football","gym","nature"}'),
    ('outdoors', 'Camping under the stars: dream or nightmare?', '{"hiking","running","climbing","cycling","yoga","sports","swimming","football","gym","nature"}'),
    ('outdoors', 'What''s an outdoor activity you''ve always wanted to try?', '{"hiking","running","climbing","cycling","yoga","sports","swimming","football","gym","nature"}'),
    ('outdoors', 'Where do you go when you need fresh air?', '{"hiking","running","climbing","cycling","yoga","sports","swimming","football","gym","nature"}'),
    ('outdoors', 'Bike, walk, or public transport?', '{"hiking","running","climbing","cycling","yoga","sports","swimming","football","gym","nature"}'),
    ('outdoors', 'What''s your favourite season to be outside, and why?', '{"hiking","running","climbing","cycling","yoga","sports","swimming","football","gym","nature"}'),
    ('outdoors', 'Have you ever watched a sunrise on purpose?', '{"hiking","running","climbing","cycling","yoga","sports","swimming","football","gym","nature"}'),
    ('playful', 'If you could have any superpower for one day, what would you do with it?', '{"games","board games","comedy","gaming","puzzles","trivia"}'),
    ('playful', 'What''s a totally useless talent you have?', '{"games","board games","comedy","gaming","puzzles","trivia"}'),
    ('playful', 'Cats, dogs, or something more unusual?', '{"games","board games","comedy","gaming","puzzles","trivia"}'),
    ('playful', 'What would you name a pet dragon?', '{"games","board games","comedy","gaming","puzzles","trivia"}'),
    ('playful', 'If you won the lottery tomorrow, what''s the first thing you''d buy?', '{"games","board games","comedy","gaming","puzzles","trivia"}'),
    ('playful', 'What''s the best board game or video game of all time?', '{"games","board games","comedy","gaming","puzzles","trivia"}'),
    ('playful', 'Would you rather always be ten minutes early or ten minutes late?', '{"games","board games","comedy","gaming","puzzles","trivia"}'),
    ('playful', 'What''s the funniest thing that happened to you this month?', '{"games","board games","comedy","gaming","puzzles","trivia"}'),
    ('playful', 'If animals could talk, which would be the rudest?', '{"games","board games","comedy","gaming","puzzles","trivia"}'),
    ('playful', 'What''s your go-to karaoke song?', '{"games","board games","comedy","gaming","puzzles","trivia"}'),
    ('playful', 'What would your perfect themed party be?', '{"games","board games","comedy","gaming","puzzles","trivia"}'),
    ('playful', 'What''s a trend you secretly enjoy?', '{"games","board games","comedy","gaming","puzzles","trivia"}'),
    ('playful', 'What''s the weirdest job you can imagine doing for a year?', '{"games","board games","comedy","gaming","puzzles","trivia"}'),
    ('life', 'What''s something small that makes your day better?', '{"volunteering","meditation","family","philosophy","psychology","spirituality"}'),
    ('life', 'What''s a lesson you learned the hard way?', '{"volunteering","meditation","family","philosophy","psychology","spirituality"}'),
    ('life', 'Who has had the biggest influence on who you are?', '{"volunteering","meditation","family","philosophy","psychology","spirituality"}'),
    ('life', 'What are you most proud of that nobody asks about?', '{"volunteering","meditation","family","philosophy","psychology","spirituality"}'),
    ('life', 'What does a perfect weekend look like for you?', '{"volunteering","meditation","family","philosophy","psychology","spirituality"}'),
    ('life', 'What''s something you changed your mind about in the last few years?', '{"volunteering","meditation","family","philosophy","psychology","spirituality"}'),
    ('life', 'What''s a cause you care about?', '{"volunteering","meditation","family","philosophy","psychology","spirituality"}'),
    ('life', 'What''s the best advice you''ve ever been given?', '{"volunteering","meditation","family","philosophy","psychology","spirituality"}'),
    ('life', 'What are you looking forward to this year?', '{"volunteering","meditation","family","philosophy","psychology","spirituality"}'),
    ('life', 'How do your friends describe you?', '{"volunteering","meditation","family","philosophy","psychology","spirituality"}'),
    ('life', 'What''s a tradition you''d like to keep or start?', '{"volunteering","meditation","family","philosophy","psychology","spirituality"}'),
    ('life', 'What makes you feel at home somewhere?', '{"volunteering","meditation","family","philosophy","psychology","spirituality"}'),
    ('life', 'What''s something you''re learning right now?', '{"volunteering","meditation","family","philosophy","psychology","spirituality"}'),
    ('work and dreams', 'What did you want to be when you were ten?', '{"tech","startups","design","science","entrepreneurship","career","coding","fashion"}'),
    ('work and dreams', 'If you could master any skill overnight, what would it be?', '{"tech","startups","design","science","entrepreneurship","career","coding","fashion"}'),
    ('work and dreams', 'What''s a project you''re excited about right now?', '{"tech","startups","design","science","entrepreneurship","career","coding","fashion"}'),
    ('work and dreams', 'If money didn''t matter, how would you spend your days?', '{"tech","startups","design","science","entrepreneurship","career","coding","fashion"}'),
    ('work and dreams', 'What''s the best part of what you do?', '{"tech","startups","design","science","entrepreneurship","career","coding","fashion"}'),
    ('work and dreams', 'What''s an idea you''d build if you had a year off?', '{"tech","startups","design","science","entrepreneurship","career","coding","fashion"}'),
    ('work and dreams', 'Who''s someone whose career you admire?', '{"tech","startups","design","science","entrepreneurship","career","coding","fashion"}'),
    ('work and dreams', 'What''s a dream you haven''t told many people about?', '{"tech","startups","design","science","entrepreneurship","career","coding","fashion"}'),
    ('work and dreams', 'What would you do with an extra hour every day?', '{"tech","startups","design","science","entrepreneurship","career","coding","fashion"}'),
    ('work and dreams', 'Which invention do you wish existed already?', '{"tech","startups","design","science","entrepreneurship","career","coding","fashion"}'),
    ('work and dreams', 'What''s the bravest decision you''ve made?', '{"tech","startups","design","science","entrepreneurship","career","coding","fashion"}'),
    ('work and dreams', 'Where would you like to be in five years, ideally?', '{"tech","startups","design","science","entrepreneurship","career","coding","fashion"}'),
    ('work and dreams', 'What''s a skill you picked up that surprised you?', '{"tech","startups","design","science","entrepreneurship","career","coding","fashion"}');
