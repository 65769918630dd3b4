// The reference client: sign up, enter the pool, take the call, decide, and straight back in.
// Everything goes through the REST API, the way a React or mobile client would.

import { api, ApiError } from './api.js';
import { VideoCall } from './call.js';
import { Feed } from './feed.js';

const $ = (id) => document.getElementById(id);
const PREFS = 'speedmatch.preferences';

/** What the page is doing; exposed as window.speedmatch for debugging and browser tests. */
const state = {
  screen: null, sessionId: null, call: null, video: null, partner: null, timers: [],
  entering: null, // the call being entered, so a pairing heard twice opens it once
  early: {}, // signals that came before their call was opened, by call
  over: {}, // calls that ended before they were opened
  incoming: null, // a match calling
};
window.speedmatch = state;

// Everything that happens to the user arrives through one feed: a WebSocket, or the long-poll GET /api/events.
const feed = new Feed({
  onEvent: handleEvent,
  onReset: () => resume(),
  onTrouble: (e) => showError(`Connection trouble, retrying: ${e.message}`),
  onRecovered: () => clearError(),
});
state.transport = () => feed.transport; // 'socket' or 'poll'

function handleEvent({ type, data }) {
  switch (type) {
    case 'match_found':
      if (state.screen === 'waiting') {
        $('waiting-text').textContent = `Found your next match! Connecting to ${data.user_name}…`;
        enterCall(data.video_session_id, data);
      } else {
        state.pendingMatch = data; // taken up when the user returns to the pool
      }
      break;
    case 'call': {
      const over = data.status === 'completed' || data.status === 'cancelled';
      if (state.video?.session_id === data.session_id) {
        Object.assign(state.video, { status: data.status, started_at: data.started_at, ends_at: data.ends_at });
        if (data.phase) {
          state.video.phase = data.phase;
          state.video.connections = data.connections;
          state.video.extension = { ...state.video.extension, requested_by: data.extend_requested_by,
                                    granted: data.extensions };
          renderTimeline();
        }
        if (over) callOver(data);
      } else if (over) {
        state.over[data.session_id] = data;
      }
      if (over && state.incoming?.session_id === data.session_id) showIncoming(null);
      break;
    }
    case 'signal':
      if (state.call?.sessionId === data.session_id) state.call.deliver(data);
      else (state.early[data.session_id] ??= []).push(data);
      break;
    case 'match_call':
      showIncoming({ session_id: data.session_id, partner_id: data.from_user_id });
      break;
    case 'message':
      if (state.chat?.matchId === data.match_id) showMessages([data], true);
      else if (state.screen === 'home') showError(`New message from ${state.matchNames?.[data.from_user_id] || 'a match'}`);
      break;
    case 'read':
      if (state.chat?.matchId === data.match_id) { state.chat.readUpTo = data.up_to; renderRead(); }
      break;
    case 'matched':
      showError(`It's a match with ${data.user.name}!`);
      if (state.screen === 'home') loadMatches().then(loadRecentDates);
      break;
    case 'unmatched':
      if (state.chat?.matchId === data.match_id) {
        state.chat = null;
        home().then(() => showError('This match has ended.'));
      } else if (state.screen === 'home') loadMatches();
      break;
    case 'prompt':
      if (state.video?.session_id === data.session_id) renderPrompt({ id: data.prompt_id, text: data.text, theme: data.theme });
      break;
  }
}

/** Signed in: the feed's cursor first, then the state to start from, so nothing falls between. */
async function connect(then = resume) {
  await feed.start();
  return then();
}

function show(screen) {
  document.querySelectorAll('.screen').forEach((s) => { s.hidden = s.id !== `screen-${screen}`; });
  $('nav').hidden = screen === 'auth' || screen === 'reset';
  $('who').textContent = api.me() ? `Signed in as ${api.me().name}` : '';
  state.screen = screen;
}

function showError(e) {
  let message = e instanceof ApiError || e instanceof Error ? e.message : String(e);
  if (e instanceof ApiError && e.status === 429) {
    const wait = e.retryAfter >= 60 ? `${Math.ceil(e.retryAfter / 60)} minutes` : `${e.retryAfter || 'a few'} seconds`;
    message = `Too many attempts. Please wait ${wait} and try again. (${e.message})`;
  }
  $('error').textContent = message;
  $('error').hidden = false;
  console.error(e);
}

function clearError() {
  $('error').hidden = true;
}

function leaveCall() {
  state.call?.close();
  state.call = null;
  state.video = null;
  state.entering = null;
}

function stopTimers() {
  state.timers.forEach(clearInterval);
  state.timers = [];
}

// Accounts

$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    await api.login(form.get('email'), form.get('password'));
    event.target.reset();
    clearError();
    await connect();
  } catch (e) { showError(e); }
});

$('sign-up').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const interests = String(form.get('interests') || '').split(',').map((s) => s.trim()).filter(Boolean);
  try {
    await api.register({
      email: form.get('email'), password: form.get('password'), name: form.get('name'),
      birth_date: form.get('birth_date'), gender: form.get('gender'),
      interested_in: form.getAll('interested_in'), bio: form.get('bio') || null, interests,
    });
    event.target.reset();
    clearError();
    await connect(home);
  } catch (e) {
    const fields = e.problem?.errors?.map((f) => `${f.field} ${f.message}`).join('; ');
    showError(fields ? `${e.message} (${fields})` : e);
  }
});

$('sign-out').addEventListener('click', async () => {
  stopTimers();
  feed.stop();
  leaveCall();
  if (state.sessionId) await api.endMatching(state.sessionId).catch(() => {});
  await api.logout().catch(() => {});
  state.sessionId = null;
  show('auth');
});

// Forgot password: the mailed link opens this page with #reset=<token>

$('forgot').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await api.requestPasswordReset(new FormData(event.target).get('email'));
    showError('If that address has an account, a reset link is on its way (valid 30 minutes).');
  } catch (e) { showError(e); }
});

$('reset').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = new URLSearchParams(location.hash.slice(1)).get('reset');
  try {
    await api.confirmPasswordReset(token, new FormData(event.target).get('password'));
    history.replaceState(null, '', location.pathname);
    show('auth');
    showError('Your new password is set. Sign in with it.');
  } catch (e) { showError(e); }
});

// Email verification: the mailed link opens this page with #verify=<token>

$('resend-verification').addEventListener('click', async () => {
  try {
    await api.resendVerification();
    showError('A new link is on its way. It is valid for 24 hours.');
  } catch (e) { showError(e); }
});

async function verifyFromLink() {
  const token = new URLSearchParams(location.hash.slice(1)).get('verify');
  history.replaceState(null, '', location.pathname);
  try {
    await api.verifyEmail(token);
    showError('Thank you: your email is confirmed.');
  } catch (e) { showError(e); }
}

// Push: asked for after a click, never on load; the service worker shows what comes

$('enable-push').hidden = !('serviceWorker' in navigator && 'PushManager' in window);
$('enable-push').addEventListener('click', async () => {
  try {
    if (await Notification.requestPermission() !== 'granted') {
      $('push-state').textContent = 'Notifications are blocked in this browser.';
      return;
    }
    const registration = await navigator.serviceWorker.register('/sw.js');
    const key = await api.vapidKey();
    const bytes = Uint8Array.from(atob(key.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes });
    await api.subscribePush(subscription.toJSON());
    $('push-state').textContent = 'This browser will be notified of matches, calls and messages.';
  } catch (e) { showError(e); }
});

// Messages with a match: live through the feed, read marks, unmatch

async function openChat(matchId, partner) {
  stopTimers();
  clearError();
  state.chat = { matchId, partner, oldest: null, newest: 0, readUpTo: 0 };
  $('chat-name').textContent = partner.name;
  $('chat-messages').replaceChildren();
  show('chat');
  try {
    const page = await api.messages(matchId);
    state.chat.readUpTo = page.read_up_to?.[partner.user_id] ?? 0;
    showMessages(page.messages.slice().reverse(), true);
    $('chat-older').hidden = page.messages.length < 50;
  } catch (e) { showError(e); }
}

/** Appends (or, for older pages, prepends) messages in time order; marks what arrived as read. */
function showMessages(messages, append) {
  const chat = state.chat;
  if (!chat) return;
  const list = $('chat-messages');
  const me = api.me().id;
  const items = messages.filter((m) => !list.querySelector(`[data-id="${m.id}"]`)).map((m) => {
    const item = document.createElement('li');
    item.dataset.id = m.id;
    item.className = m.from_user_id === me ? 'mine' : 'theirs';
    item.textContent = m.text;
    item.title = new Date(m.sent_at).toLocaleString();
    return item;
  });
  if (append) list.append(...items); else list.prepend(...items);
  for (const m of messages) {
    chat.oldest = chat.oldest === null ? m.id : Math.min(chat.oldest, m.id);
    chat.newest = Math.max(chat.newest, m.id);
  }
  list.scrollTop = list.scrollHeight;
  const theirs = messages.filter((m) => m.from_user_id !== me).map((m) => m.id);
  if (theirs.length) api.markRead(chat.matchId, Math.max(...theirs)).catch(() => {});
  renderRead();
}

function renderRead() {
  const chat = state.chat;
  const mine = [...$('chat-messages').querySelectorAll('li.mine')].map((li) => Number(li.dataset.id));
  const lastMine = mine.length ? Math.max(...mine) : 0;
  $('chat-read').textContent = lastMine && chat.readUpTo >= lastMine ? `Read by ${chat.partner.name}` : '';
}

$('chat-send').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = event.target.text;
  const text = input.value;
  if (!text.trim() || !state.chat) return;
  const clientId = crypto.randomUUID(); // a retry after a timeout stores the message once
  try {
    const sent = await api.sendMessage(state.chat.matchId, text, clientId);
    input.value = '';
    showMessages([sent], true);
  } catch (e) { showError(e); }
});

$('chat-older').addEventListener('click', async () => {
  const chat = state.chat;
  if (!chat) return;
  try {
    const page = await api.messages(chat.matchId, chat.oldest);
    showMessages(page.messages.slice().reverse(), false);
    $('chat-older').hidden = page.messages.length < 50;
  } catch (e) { showError(e); }
});

$('chat-back').addEventListener('click', () => { state.chat = null; home(); });

$('chat-unmatch').addEventListener('click', async () => {
  const chat = state.chat;
  if (!chat || !window.confirm(`Unmatch ${chat.partner.name}? Your messages are deleted for both of you, and you will not meet again.`)) return;
  try {
    await api.unmatch(chat.matchId);
    state.chat = null;
    await home();
    showError(`You unmatched ${chat.partner.name}.`);
  } catch (e) { showError(e); }
});

// Account: a copy of my data, and closing the account

$('go-home').addEventListener('click', () => resume());
$('go-account').addEventListener('click', async () => {
  stopTimers();
  leaveCall(); // what the feed says about it from now on is no longer for this page
  if (state.sessionId) await api.endMatching(state.sessionId).catch(() => {});
  clearError();
  show('account');
});

$('export').addEventListener('click', async () => {
  try {
    const data = await api.exportData();
    const link = $('export-link');
    link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    link.download = 'speedmatch-data.json';
    link.click();
  } catch (e) { showError(e); }
});

$('close-account').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    await api.closeAccount(form.get('password'));
    feed.stop();
    state.sessionId = null;
    event.target.reset();
    show('auth');
    showError('Your account is deleted. Thank you for dating with SpeedMatch.');
  } catch (e) { showError(e); }
});

// Moderation: shown to moderators only

async function showModeratorLink() {
  $('go-moderation').hidden = !(await api.isModerator().catch(() => false));
}

$('go-moderation').addEventListener('click', async () => {
  stopTimers();
  clearError();
  show('moderation');
  await loadReports();
});

async function loadReports() {
  const list = $('reports');
  try {
    const queue = await api.reportQueue();
    list.replaceChildren();
    if (queue.reports.length === 0) {
      list.innerHTML = '<li class="muted">No open reports.</li>';
      return;
    }
    for (const report of queue.reports) {
      const item = document.createElement('li');
      item.dataset.reportId = report.id;
      const what = document.createElement('span');
      const call = report.call?.seconds ? ` · in a ${report.call.seconds} s call` : '';
      what.textContent = `${report.reported.name} (reported ${report.reported.reports_against}×) by ${report.reporter.name}: `
        + `${report.reason}${report.details ? ` “${report.details}”` : ''}${call}`
        + (report.message ? ` · the message: “${report.message}”` : '');
      item.append(what);
      for (const [label, resolution] of [['Dismiss', { action: 'dismiss' }], ['Warn', { action: 'warn' }],
        ['Suspend 7 days', { action: 'suspend', days: 7 }], ['Ban', { action: 'ban' }]]) {
        const button = document.createElement('button');
        button.textContent = label;
        button.dataset.action = resolution.action;
        button.onclick = async () => {
          try {
            await api.resolveReport(report.id, { ...resolution, note: `${label} from the moderation page` });
            await loadReports();
          } catch (e) { showError(e); }
        };
        item.append(button);
      }
      list.append(item);
    }
  } catch (e) { showError(e); }
}

// Home: preferences, matches, incoming calls from matches

async function home() {
  stopTimers();
  state.entering = null;
  state.chat = null;
  show('home');
  showModeratorLink();
  api.profile().then((me) => {
    if (me.warning) showError(`A moderator warned you: ${me.warning}`);
    $('verify-banner').hidden = me.email_verified;
  }).catch(() => {});
  const saved = JSON.parse(localStorage.getItem(PREFS) || 'null');
  if (saved) {
    const form = $('preferences');
    form.min_age.value = saved.min_age;
    form.max_age.value = saved.max_age;
    form.preferred_interests.value = saved.preferred_interests.join(', ');
    form.personality_weight.value = saved.personality_weight;
    form.verified_only.checked = !!saved.verified_only;
  }
  await loadMatches();
  await loadRecentDates();
  // A match may be calling already; from now on the feed says so (match_call).
  try {
    const call = (await api.current()).live_call;
    showIncoming(call?.match_id ? { session_id: call.video_session_id, partner_id: call.partner_id } : state.incoming);
  } catch (e) { /* shown when the user acts */ }
}

/** A match calling (or no one: null), shown on the home screen. */
function showIncoming(incoming) {
  state.incoming = incoming;
  $('incoming').hidden = !incoming;
  if (incoming) {
    $('incoming-name').textContent = state.matchNames?.[incoming.partner_id] || 'Your match';
    $('answer-incoming').onclick = () => enterCall(incoming.session_id);
  }
}

async function loadMatches() {
  try {
    const matches = await api.matches();
    state.matchNames = Object.fromEntries(matches.map((m) => [m.user.user_id, m.user.name]));
    const list = $('matches');
    list.replaceChildren();
    if (matches.length === 0) {
      list.innerHTML = '<li class="muted">No matches yet.</li>';
      return;
    }
    for (const match of matches) {
      const item = document.createElement('li');
      item.dataset.matchId = match.match_id;
      const who = document.createElement('span');
      who.textContent = `${match.user.name}, ${match.user.age}` + (match.user.interests.length ? ` · ${match.user.interests.join(', ')}` : '');
      const button = document.createElement('button');
      button.textContent = 'Call again';
      button.onclick = async () => {
        try {
          const created = await api.callMatch(match.match_id);
          await enterCall(created.video_session_id);
        } catch (e) { showError(e); }
      };
      const block = document.createElement('button');
      block.textContent = 'Block';
      block.className = 'link';
      block.onclick = async () => {
        try { await api.block(match.user.user_id); await loadMatches(); showError(`${match.user.name} is blocked.`); }
        catch (e) { showError(e); }
      };
      const report = document.createElement('button');
      report.textContent = 'Report';
      report.className = 'link';
      report.onclick = async () => {
        try {
          await api.report(match.user.user_id, 'other', 'Reported from the matches list');
          await loadMatches();
          showError(`Thank you. We received your report about ${match.user.name}.`);
        } catch (e) { showError(e); }
      };
      const talk = document.createElement('button');
      talk.textContent = 'Messages';
      talk.dataset.action = 'messages';
      talk.onclick = () => openChat(match.match_id, match.user);
      item.append(who, talk, button, block, report);
      list.append(item);
    }
  } catch (e) { showError(e); }
}

/** A second look: the last dates, and a next or a skip changed to continue within a day. */
async function loadRecentDates() {
  try {
    const dates = await api.recentDates();
    const list = $('recent-dates');
    list.replaceChildren();
    if (dates.length === 0) {
      list.innerHTML = '<li class="muted">No dates yet.</li>';
      return;
    }
    for (const date of dates) {
      const item = document.createElement('li');
      item.dataset.matchId = date.match_id;
      const who = document.createElement('span');
      const said = date.mutual ? 'a match' : date.my_decision ? `you said ${date.my_decision}` : 'not decided';
      who.textContent = `${date.user.name}, ${date.user.age} · ${new Date(date.dated_at).toLocaleString()} · ${said}`;
      item.append(who);
      if (date.can_change) {
        const again = document.createElement('button');
        again.textContent = 'Continue after all';
        again.dataset.action = 'second-look';
        again.onclick = async () => {
          try {
            const result = await api.secondLook(date.match_id);
            showError(result.mutual_match ? `It's a match with ${date.user.name}!` : `${date.user.name} will see you again if they say continue too.`);
            await loadMatches();
            await loadRecentDates();
          } catch (e) { showError(e); }
        };
        item.append(again);
      }
      list.append(item);
    }
  } catch (e) { showError(e); }
}

$('preferences').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const preferences = {
    min_age: Number(form.min_age.value), max_age: Number(form.max_age.value),
    preferred_interests: form.preferred_interests.value.split(',').map((s) => s.trim()).filter(Boolean),
    personality_weight: Number(form.personality_weight.value),
    verified_only: form.verified_only.checked,
  };
  try {
    const started = await api.start(preferences);
    localStorage.setItem(PREFS, JSON.stringify(preferences));
    state.sessionId = started.session_id;
    state.pendingMatch = null;
    clearError();
    waitForMatch();
  } catch (e) { showError(e); }
});

// The pool: the feed says match_found; the waiting screen shows the live pool meanwhile

async function waitForMatch() {
  stopTimers();
  show('waiting');
  $('waiting-text').textContent = 'Searching the pool for your next date…';
  const showStats = async () => {
    try {
      const stats = await api.poolStats();
      $('pool-stats').textContent = `${stats.waiting_now} matching now · ${stats.in_calls_now} in calls`
        + (stats.median_wait_seconds !== null ? ` · median wait ${Math.round(stats.median_wait_seconds)} s` : '');
    } catch (e) { /* the figures are a nicety */ }
  };
  const showStanding = async () => {
    try {
      const session = await api.session(state.sessionId);
      const now = session.compatible_now;
      if (!now) return;
      const people = (n) => (n === 1 ? '1 person' : `${n} people`);
      $('standing').textContent = `${people(now.waiting)} you could meet ${now.waiting === 1 ? 'is' : 'are'} online, `
        + `${now.in_calls} ${now.in_calls === 1 ? 'is' : 'are'} in a date`
        + (session.estimated_wait_seconds != null ? ` · about ${session.estimated_wait_seconds} s to wait` : '');
    } catch (e) { /* a nicety too */ }
  };
  showStats();
  showStanding();
  state.timers.push(setInterval(showStats, 5000));
  state.timers.push(setInterval(showStanding, 3000));
  // Paired while deciding about the last date: the pairing came through the feed already.
  const pending = state.pendingMatch;
  state.pendingMatch = null;
  if (pending) return enterCall(pending.video_session_id, pending);
}

$('stop-matching').addEventListener('click', async () => {
  stopTimers();
  try { await api.endMatching(state.sessionId); } catch (e) { showError(e); }
  await home();
});

// The call

async function enterCall(videoSessionId, matchData) {
  if (state.entering === videoSessionId) return;
  state.entering = videoSessionId;
  state.chat = null;
  stopTimers();
  clearError();
  show('call');
  let session;
  try {
    session = await api.videoSession(videoSessionId);
  } catch (e) {
    if (e.status === 410) return afterCall({ cancelled: true, message: e.message });
    showError(e);
    return home();
  }
  state.video = session;
  if (session.status === 'completed' || session.status === 'cancelled') return callOver(session);
  renderTimeline();
  renderPrompt(session.prompt);
  const me = api.me().id;
  const other = session.participants.find((p) => p.user_id !== me);
  const partner = matchData ?? state.partner ?? { user_name: other?.name };
  state.partner = { ...partner, user_name: partner.user_name || other?.name };
  $('partner-name').textContent = state.partner.user_name || 'Your date';
  $('partner-details').textContent = partner.user_age ? `${partner.user_age}` + (partner.user_bio ? ` · ${partner.user_bio}` : '') : '';
  if (partner.verified) {
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = 'verified';
    $('partner-details').append(' ', badge);
  }
  $('partner-interests').textContent = partner.user_interests?.length ? `Into ${partner.user_interests.join(', ')}` : '';
  $('partner-score').textContent = partner.compatibility_score !== undefined
    ? `Compatibility ${Math.round(partner.compatibility_score * 100)}%` : '';
  $('call-state').textContent = 'Connecting…';

  const resuming = session.participants.find((p) => p.user_id === me)?.joined === true;
  const call = new VideoCall(videoSessionId, {
    localVideo: $('local-video'), remoteVideo: $('remote-video'),
    onState: (s) => { $('call-state').textContent = s === 'connected' ? 'Connected' : s; renderTimeline(); },
    onConnection: (connection) => api.connection(videoSessionId, connection).catch(() => {}),
    early: state.early[videoSessionId] ?? [],
  });
  delete state.early[videoSessionId];
  state.call = call;
  const endedMeanwhile = state.over[videoSessionId];
  if (endedMeanwhile) return callOver(endedMeanwhile);
  try {
    await call.start(session.role, resuming);
    const joined = await api.join(videoSessionId);
    if (joined.ends_at) state.video.ends_at = joined.ends_at;
  } catch (e) {
    showError(e);
  }
  if (state.screen === 'call' && state.video?.session_id === videoSessionId) {
    state.timers.push(setInterval(tickCountdown, 250));
  }
}

function tickCountdown() {
  const endsAt = state.video?.ends_at;
  if (!endsAt) {
    $('countdown').textContent = 'Waiting for your date to join…';
    return;
  }
  if (state.video.phase === 'paused') return; // the timer stands still; renderTimeline froze it
  const left = Math.max(0, Math.round((new Date(endsAt) - Date.now()) / 1000));
  $('countdown').textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  const closing = left <= 30;
  if (closing !== state.video.closing) {
    state.video.closing = closing;
    renderTimeline();
  }
}

/** The server's timeline of the date: its phase, who asked for more time, whose connection is down. */
function renderTimeline() {
  const video = state.video;
  if (!video || state.screen !== 'call') return;
  const me = api.me().id;
  const partner = state.partner?.user_name || 'Your date';
  const lost = (video.connections || []).filter((c) => c.state === 'lost').map((c) => c.user_id);
  const phase = video.phase === 'talking' && video.closing ? 'closing' : video.phase;
  $('phase').textContent = {
    connecting: 'Waiting for both of you to join', talking: '', closing: 'The last 30 seconds',
    paused: 'Paused: the timer stands still', over: 'The date is over',
  }[phase] ?? '';
  if (video.phase === 'paused') {
    $('call-state').textContent = lost.includes(me) ? 'Reconnecting…' : `${partner}'s connection dropped. Reconnecting…`;
    $('call-state').classList.add('paused');
  } else {
    $('call-state').classList.remove('paused');
  }
  const asked = video.extension?.requested_by || [];
  video.maxExtensions ??= (video.extension?.granted ?? 0) + (video.extension?.remaining ?? 0);
  const left = video.maxExtensions - (video.extension?.granted ?? 0);
  $('extend').hidden = !(video.phase === 'talking' || video.phase === 'closing') || left <= 0;
  $('extend').disabled = asked.includes(me);
  $('extend-state').textContent = asked.includes(me) && asked.length === 1 ? `You asked for more time. Waiting for ${partner}…`
    : asked.length === 1 ? `${partner} wants more time!`
    : (video.extension?.granted ?? 0) > 0 ? 'You both wanted more time: the date is longer now.' : '';
}

function renderPrompt(prompt) {
  $('prompt-card').hidden = !prompt;
  if (!prompt) return;
  $('prompt-theme').textContent = prompt.theme;
  $('prompt-text').textContent = prompt.text;
}

$('extend').addEventListener('click', async () => {
  const video = state.video;
  if (!video) return;
  try {
    const answer = await api.extend(video.session_id);
    video.ends_at = answer.ends_at;
    video.extension = { ...video.extension, requested_by: answer.requested_by,
                        granted: (video.extension?.granted ?? 0) + (answer.granted ? 1 : 0) };
    renderTimeline();
  } catch (e) { showError(e); }
});

$('next-prompt').addEventListener('click', async () => {
  if (!state.video) return;
  try {
    const prompt = await api.nextPrompt(state.video.session_id);
    renderPrompt({ id: prompt.prompt_id, text: prompt.text, theme: prompt.theme });
  } catch (e) { showError(e); }
});

/** Reporting from the call: the server ends the call and blocks; back to the pool with a confirmation. */
$('report-call').addEventListener('submit', async (event) => {
  event.preventDefault();
  const video = state.video;
  if (!video) return;
  const partner = video.participants.find((p) => p.user_id !== api.me().id);
  const form = new FormData(event.target);
  try {
    await api.report(partner.user_id, form.get('reason'), form.get('details'), video.session_id);
    event.target.reset();
    $('report-call-box').open = false;
    stopTimers();
    state.entering = null;
    state.video = null;
    state.call?.close();
    state.call = null;
    await backToPool();
    showError(`Thank you. We received your report about ${state.partner?.user_name || 'your date'}; `
      + 'you will not meet again, and a moderator will look at it.');
  } catch (e) { showError(e); }
});

/** The feed (or the call's own answer) says the call is over: the decision, or back to the pool. */
function callOver(ended) {
  const cancelled = ended.status === 'cancelled';
  const message = cancelled && ended.end_reason === 'user_left'
    ? 'Call cancelled - other user is no longer actively matching' : undefined;
  afterCall({ ...state.video, ...ended, cancelled, message });
}

$('end-call').addEventListener('click', async () => {
  try {
    const ended = await api.endCall(state.call.sessionId);
    afterCall(ended);
  } catch (e) { showError(e); }
});

function afterCall(session) {
  if (state.screen !== 'call' && state.screen !== 'waiting') return;
  stopTimers();
  state.entering = null;
  state.video = null;
  state.call?.close();
  state.call = null;
  if (session.message) showError(session.message);
  if (session.match_id) return home(); // a call with a match: no verdict to give
  if (session.cancelled || !session.call_session_id) return backToPool();
  state.decisionFor = session;
  $('decision-name').textContent = state.partner?.user_name || 'your date';
  $('traits').hidden = !session.started_at;
  show('decision');
}

async function safetyAfterCall(report) {
  const session = state.decisionFor;
  const partner = session?.participants?.find((p) => p.user_id !== api.me().id);
  if (!partner) return;
  try {
    if (report) await api.report(partner.user_id, 'other', 'Reported after the date', session.session_id);
    else await api.block(partner.user_id);
    state.decisionFor = null;
    await backToPool();
    showError(report ? 'Thank you. We received your report; you will not meet again.'
      : 'Blocked: you will not meet again.');
  } catch (e) { showError(e); }
}

$('decision-block').addEventListener('click', () => safetyAfterCall(false));
$('decision-report').addEventListener('click', () => safetyAfterCall(true));

$('decision').addEventListener('submit', async (event) => {
  event.preventDefault();
  const decision = event.submitter?.value || 'next';
  const session = state.decisionFor;
  const form = event.target;
  try {
    if (session.started_at) {
      await api.rate({
        video_session_id: session.session_id,
        openness: Number(form.openness.value), conscientiousness: Number(form.conscientiousness.value),
        extraversion: Number(form.extraversion.value), agreeableness: Number(form.agreeableness.value),
        neuroticism: Number(form.neuroticism.value),
      }).catch((e) => { if (e.status !== 409) throw e; });
    }
    const answer = await api.decide(state.sessionId, session.call_session_id, decision);
    if (answer.mutual_match) showError(`It's a match with ${answer.mutual_match.user.name}! Find them under Matches.`);
    await backToPool();
  } catch (e) { showError(e); }
});

/** The guide's Phase 6: straight back into the pool with the same session, or a new one. */
async function backToPool() {
  try {
    const current = await api.current();
    if (current.matching_session?.status === 'active') {
      state.sessionId = current.matching_session.session_id;
    } else {
      const preferences = JSON.parse(localStorage.getItem(PREFS) || '{}');
      state.sessionId = (await api.start(preferences)).session_id;
    }
    return waitForMatch();
  } catch (e) {
    showError(e);
    return home();
  }
}

// Start: resume whatever was going on before a reload

async function resume() {
  try {
    const current = await api.current();
    if (current.matching_session) state.sessionId = current.matching_session.session_id;
    if (current.live_call) return enterCall(current.live_call.video_session_id);
    if (current.matching_session?.status === 'active') return waitForMatch();
    return home();
  } catch (e) {
    if (e.status === 401) return show('auth');
    showError(e);
    return home();
  }
}

async function openApp() {
  if (location.hash.startsWith('#reset=')) return show('reset');
  if (location.hash.startsWith('#verify=')) await verifyFromLink();
  if (api.signedIn()) return connect().catch((e) => (e.status === 401 ? show('auth') : showError(e)));
  return show('auth');
}

openApp();
