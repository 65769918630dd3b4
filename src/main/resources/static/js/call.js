// One WebRTC call through the SpeedMatch API alone: ICE servers from the server, the caller
// (lower user id) offers, the callee answers, ICE trickles through send-signal, and the other
// side's signals arrive through the page's one feed (feed.js), in order, through deliver().

import { api } from './api.js';

export class VideoCall {
  constructor(sessionId, { localVideo, remoteVideo, onState, onConnection = () => {}, early = [] }) {
    this.sessionId = sessionId;
    this.localVideo = localVideo;
    this.remoteVideo = remoteVideo;
    this.onState = onState;
    // Tells the server the media connection dropped ('lost') or came back ('restored'): the date
    // pauses meanwhile, for both.
    this.onConnection = onConnection;
    this.lost = false;
    this.pendingCandidates = [];
    this.closed = false;
    // Signals are applied one after another, once the connection exists (the feed may bring the
    // offer while the camera is still starting).
    this.ready = new Promise((resolve) => { this.markReady = resolve; });
    this.applying = Promise.resolve();
    early.forEach((signal) => this.deliver(signal));
  }

  /** A signal from the feed: applied in order after the ones before it. */
  deliver(signal) {
    this.applying = this.applying.then(() => this.ready).then(() => {
      if (!this.closed) return this.handle(signal);
    }).catch((e) => console.warn('Signal not applied', signal.type, e)); // e.g. a candidate of a connection replaced since
  }

  /**
   * Starts the call. The caller offers; a side that resumes a call it had joined before (a
   * reload) offers whatever its role, and the other side starts afresh when that offer comes.
   */
  async start(role, resuming) {
    const [{ ice_servers }, media] = await Promise.all([
      api.iceServers(),
      navigator.mediaDevices.getUserMedia({ video: true, audio: true }),
    ]);
    this.iceServers = ice_servers;
    this.stream = media;
    this.startedAt = performance.now();
    this.localVideo.srcObject = media;
    this.role = role;
    this.connect();
    this.markReady();
    // Back after a reload: the media connection was lost until the new one connects.
    if (resuming) this.connectionLost();
    if (role === 'caller' || resuming) await this.offer();
  }

  connectionLost() {
    if (this.lost || this.closed) return;
    this.lost = true;
    this.onConnection('lost');
  }

  connectionRestored() {
    if (!this.lost || this.closed) return;
    this.lost = false;
    this.onConnection('restored');
  }

  connect() {
    this.pc?.close();
    this.pendingCandidates = [];
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    this.stream.getTracks().forEach((track) => pc.addTrack(track, this.stream));
    pc.ontrack = (event) => {
      if (this.remoteVideo.srcObject !== event.streams[0]) this.remoteVideo.srcObject = event.streams[0];
    };
    pc.onicecandidate = (event) => {
      if (event.candidate && pc === this.pc) this.send('ice-candidate', event.candidate.toJSON());
    };
    pc.onconnectionstatechange = () => {
      if (pc !== this.pc) return;
      this.onState(pc.connectionState);
      if (pc.connectionState === 'connected') {
        this.reportQuality(pc, null);
        this.connectionRestored();
      }
      if (pc.connectionState === 'disconnected' || pc.connectionState === 'failed') this.connectionLost();
      if (pc.connectionState === 'failed') {
        this.reportQuality(pc, pc.iceConnectionState === 'failed' ? 'ice' : 'dtls');
        // The caller starts afresh with a new offer (new ICE, new DTLS); the callee answers it as
        // any offer, with a connection of its own. "disconnected" alone often heals by itself.
        if (this.role === 'caller') this.restart().catch((e) => console.warn('Reconnect failed', e));
      }
    };
    this.pc = pc;
  }

  /**
   * Tells the server how the connection went, once per call: time from start to connected, the
   * selected candidate pair's type and round trip (from getStats), or where it failed.
   */
  async reportQuality(pc, failedStage) {
    if (this.qualityReported) return;
    this.qualityReported = true;
    const report = failedStage ? { failed_stage: failedStage }
      : { connected_ms: Math.round(performance.now() - this.startedAt) };
    try {
      const stats = await pc.getStats();
      let pair = null;
      stats.forEach((s) => {
        if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId);
      });
      stats.forEach((s) => { if (!pair && s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s; });
      const local = pair && stats.get(pair.localCandidateId);
      if (local?.candidateType) report.candidate_type = local.candidateType;
      if (pair?.currentRoundTripTime !== undefined) report.rtt_ms = Math.round(pair.currentRoundTripTime * 1000);
    } catch (e) { /* the stats are a bonus */ }
    api.reportQuality(this.sessionId, report).catch(() => {});
  }

  async restart() {
    if (this.closed) return;
    this.connect();
    await this.offer({ iceRestart: true });
  }

  async offer(options) {
    const offer = await this.pc.createOffer(options);
    await this.pc.setLocalDescription(offer);
    await this.send('offer', { type: offer.type, sdp: offer.sdp });
  }

  async send(type, data) {
    for (let attempt = 0; attempt < 5 && !this.closed; attempt++) {
      try {
        return await api.sendSignal(this.sessionId, type, data);
      } catch (e) {
        if (e.status !== 429 && e.status !== undefined) throw e; // 429: the other side is slow; retry shortly
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      }
    }
  }

  async handle(signal) {
    switch (signal.type) {
      case 'offer': {
        if (this.pc.remoteDescription || this.pc.signalingState !== 'stable') this.connect(); // the other side started afresh
        await this.pc.setRemoteDescription(signal.data);
        await this.flushCandidates();
        const answer = await this.pc.createAnswer();
        await this.pc.setLocalDescription(answer);
        await this.send('answer', { type: answer.type, sdp: answer.sdp });
        break;
      }
      case 'answer':
        await this.pc.setRemoteDescription(signal.data);
        await this.flushCandidates();
        break;
      case 'ice-candidate':
        if (this.pc.remoteDescription) await this.pc.addIceCandidate(signal.data);
        else this.pendingCandidates.push(signal.data);
        break;
    }
  }

  async flushCandidates() {
    const waiting = this.pendingCandidates.splice(0);
    for (const candidate of waiting) await this.pc.addIceCandidate(candidate);
  }

  close() {
    this.closed = true;
    this.markReady();
    this.pc?.close();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.remoteVideo.srcObject = null;
    this.localVideo.srcObject = null;
  }
}
