// The reference client's service worker: shows what SpeedMatch pushes while the page is in the
// background (a match found, a match calling, a message), and brings the page back on a click.

const TEXT = {
  match_found: () => ({ title: 'Your next date is ready', body: 'Someone compatible is waiting for you. Join now!' }),
  match_call: () => ({ title: 'Your match is calling', body: 'Open SpeedMatch to answer.' }),
  message: (data) => ({ title: 'New message', body: data.text }),
};

self.addEventListener('push', (event) => {
  let news;
  try { news = event.data.json(); } catch (e) { return; }
  const text = (TEXT[news.type] || (() => ({ title: 'SpeedMatch', body: 'Something new for you' })))(news.data || {});
  event.waitUntil(self.registration.showNotification(text.title, {
    body: text.body, tag: news.type, renotify: true, data: news,
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
    const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
    return open ? open.focus() : self.clients.openWindow('/');
  }));
});
