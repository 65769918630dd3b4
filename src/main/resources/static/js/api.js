// The SpeedMatch REST API as a client uses it: bearer tokens kept in sessionStorage and
// refreshed before they expire, problems turned into errors that say what went wrong.

const STORE = 'speedmatch.tokens';

export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(problem?.detail || problem?.title || `Request failed (${status})`);
    this.status = status;
    this.problem = problem;
    // Seconds to wait before trying again (429, 503), from the Retry-After header.
    this.retryAfter = retryAfter;
  }
}

let tokens = JSON.parse(sessionStorage.getItem(STORE) || 'null');
let refreshTimer = null;
let refreshing = null;
const tokenListeners = new Set();
// Set by the feed while its socket is open: signals go over it instead of a request each.
let socketSignals = null;

function keep(answer) {
  tokens = { access: answer.access_token, refresh: answer.refresh_token, user: answer.user,
             expiresAt: Date.now() + answer.expires_in * 1000 };
  sessionStorage.setItem(STORE, JSON.stringify(tokens));
  scheduleRefresh();
  tokenListeners.forEach((listener) => listener(tokens.access));
}

/** Told of every new access token (the feed's socket sends it in a new auth frame before the old one expires). */
export function onAccessToken(listener) {
  tokenListeners.add(listener);
  return () => tokenListeners.delete(listener);
}

/** The access token now, refreshed first when it is about to expire. */
export async function accessToken() {
  if (!tokens) throw new ApiError(401, { detail: 'Please sign in' });
  if (tokens.expiresAt - Date.now() < 30_000) await refresh();
  return tokens.access;
}

/** While a socket carries signals: fn(sessionId, type, data) answers like send-signal. */
export function sendSignalsThrough(fn) {
  socketSignals = fn;
}

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  if (!tokens) return;
  const inMs = Math.max(5_000, tokens.expiresAt - Date.now() - 60_000);
  refreshTimer = setTimeout(() => refresh().catch(() => {}), inMs);
}

async function refresh() {
  if (!tokens) throw new ApiError(401, { detail: 'Please sign in' });
  refreshing ??= raw('POST', '/api/auth/refresh', { refresh_token: tokens.refresh }, false)
    .then(keep)
    .catch((e) => { signOutLocally(); throw e; })
    .finally(() => { refreshing = null; });
  return refreshing;
}

async function raw(method, path, body, auth = true, signal) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth && tokens) headers.Authorization = `Bearer ${tokens.access}`;
  const response = await fetch(path, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 204) return null;
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('Retry-After')) || undefined;
    throw new ApiError(response.status, data, retryAfter);
  }
  return data;
}

/** A call with the access token; one refresh and retry when the server says it expired. */
export async function call(method, path, body, { signal } = {}) {
  try {
    return await raw(method, path, body, true, signal);
  } catch (e) {
    if (e.status === 401 && tokens) {
      await refresh();
      return raw(method, path, body, true, signal);
    }
    throw e;
  }
}

export const api = {
  signedIn: () => tokens !== null,
  me: () => tokens?.user,
  async register(form) { keep(await raw('POST', '/api/auth/register', form, false)); },
  /**
   * Sends this device's token of an earlier sign-in to this account, if any, and keeps the new
   * one: strangers' failed sign-ins for the email then never lock this device out.
   */
  async login(email, password) {
    const deviceKey = `speedmatch.device.${email.trim().toLowerCase()}`;
    const answer = await raw('POST', '/api/auth/login',
      { email, password, device_token: localStorage.getItem(deviceKey) || undefined }, false);
    if (answer.device_token) localStorage.setItem(deviceKey, answer.device_token);
    keep(answer);
  },
  async logout() {
    try { if (tokens) await call('POST', '/api/auth/logout', { refresh_token: tokens.refresh }); } finally { signOutLocally(); }
  },
  current: () => call('GET', '/api/continuous-matching/current'),
  events: (after, wait, signal) =>
    call('GET', after === null ? '/api/events' : `/api/events?after=${after}&wait=${wait}`, undefined, { signal }),
  start: (prefs) => call('POST', '/api/continuous-matching/start', prefs),
  nextMatch: (sessionId, wait, signal) =>
    call('GET', `/api/continuous-matching/next-match?session_id=${sessionId}${wait ? `&wait=${wait}` : ''}`, undefined, { signal }),
  endMatching: (sessionId) => call('POST', '/api/continuous-matching/end', { session_id: sessionId }),
  decide: (sessionId, matchId, decision) =>
    call('POST', '/api/continuous-matching/continue-decision', { session_id: sessionId, match_id: matchId, decision }),
  videoSession: (id) => call('GET', `/api/video/session/${id}`),
  join: (id) => call('POST', `/api/video/join-call/${id}`),
  extend: (id) => call('POST', `/api/video/session/${id}/extend`),
  nextPrompt: (id) => call('POST', `/api/video/session/${id}/prompt`),
  connection: (id, state) => call('POST', `/api/video/session/${id}/connection`, { state }),
  session: (id) => call('GET', `/api/continuous-matching/session/${id}`),
  report: (userId, reason, details, videoSessionId) => call('POST', '/api/reports',
    { user_id: userId, reason, details: details || undefined, video_session_id: videoSessionId }),
  block: (userId) => call('POST', `/api/users/${userId}/block`),
  messages: (matchId, before) => call('GET', `/api/matches/${matchId}/messages?limit=50${before ? `&before=${before}` : ''}`),
  sendMessage: (matchId, text, clientId) => call('POST', `/api/matches/${matchId}/messages`, { text, client_id: clientId }),
  markRead: (matchId, upTo) => call('POST', `/api/matches/${matchId}/read`, { up_to: upTo }),
  unmatch: (matchId) => call('DELETE', `/api/matches/${matchId}`),
  vapidKey: () => call('GET', '/api/push/vapid-public-key').then((r) => r.key),
  subscribePush: (subscription) => call('POST', '/api/push/subscriptions', subscription),
  endCall: (id) => call('POST', `/api/video/end-call/${id}`),
  sendSignal: (id, type, data) => socketSignals?.(id, type, data)
    ?? call('POST', '/api/video/send-signal', { session_id: id, type, data, target_user_id: 0 }),
  signals: (id, after, wait, signal) => call('GET', `/api/video/signals/${id}?after=${after}&wait=${wait}`, undefined, { signal }),
  iceServers: () => call('GET', '/api/video/ice-servers'),
  rate: (rating) => call('POST', '/api/ratings', rating),
  matches: () => call('GET', '/api/matches'),
  callMatch: (matchId) => call('POST', `/api/matches/${matchId}/video-call`),
  recentDates: () => call('GET', '/api/recent-dates'),
  secondLook: (matchId) => call('POST', `/api/recent-dates/${matchId}/decision`, { decision: 'continue' }),
  profile: () => call('GET', '/api/users/me'),
  poolStats: () => call('GET', '/api/continuous-matching/stats'),
  reportQuality: (id, report) => call('POST', `/api/video/session/${id}/quality`, report),
  exportData: () => call('GET', '/api/users/me/export'),
  async closeAccount(password) {
    await call('DELETE', '/api/users/me', { password });
    signOutLocally();
  },
  requestPasswordReset: (email) => raw('POST', '/api/auth/password-reset', { email }, false),
  confirmPasswordReset: (token, password) =>
    raw('POST', '/api/auth/password-reset/confirm', { token, new_password: password }, false),
  verifyEmail: (token) => raw('POST', '/api/auth/verify-email', { token }, false),
  resendVerification: () => call('POST', '/api/auth/verify-email/resend'),
  isModerator: () => call('GET', '/api/moderation/me').then((r) => r.moderator),
  reportQueue: () => call('GET', '/api/moderation/reports?size=50'),
  resolveReport: (id, resolution) => call('POST', `/api/moderation/reports/${id}/resolve`, resolution),
};

function signOutLocally() {
  tokens = null;
  clearTimeout(refreshTimer);
  sessionStorage.removeItem(STORE);
}

scheduleRefresh();
