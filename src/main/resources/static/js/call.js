// One WebRTC call through the SpeedMatch API alone: ICE servers from the server, the caller
// (lower user id) offers, the callee answers, ICE trickles through send-signal, and signals are
// read with after= (nothing lost to a dropped response) and wait= (delivered at once).

import { api } from './api.js';

export class VideoCall {
  constructor(sessionId, { localVideo, remoteVideo, onState }) {
    this.sessionId = sessionId;
    this.localVideo = localVideo;
    this.remoteVideo = remoteVideo;
    this.onState = onState;
    this.lastSeq = 0;
    this.pendingCandidates = [];
    this.closed = false;
    this.abort = new AbortController();
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
    this.lastSeq = Number(sessionStorage.getItem(this.seqKey()) || 0);
    this.connect();
    this.readSignals();
    if (role === 'caller' || resuming) await this.offer();
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
      if (pc.connectionState === 'connected') this.reportQuality(pc, null);
      if (pc.connectionState === 'failed') this.reportQuality(pc, pc.iceConnectionState === 'failed' ? 'ice' : 'dtls');
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

  async offer() {
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    await this.send('offer', { type: offer.type, sdp: offer.sdp });
  }

  seqKey() {
    return `speedmatch.seq.${this.sessionId}`;
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

  async readSignals() {
    while (!this.closed) {
      try {
        const { signals, last_seq } = await api.signals(this.sessionId, this.lastSeq, 20, this.abort.signal);
        for (const signal of signals) {
          try {
            await this.handle(signal);
          } catch (e) {
            console.warn('Signal not applied', signal.type, e); // e.g. a candidate of a connection replaced since
          }
        }
        this.lastSeq = Math.max(this.lastSeq, last_seq);
        sessionStorage.setItem(this.seqKey(), String(this.lastSeq));
      } catch (e) {
        if (this.closed) return;
        if (e.status === 404 || e.status === 410) return;
        await new Promise((r) => setTimeout(r, 2000)); // network trouble: fall back to a 2 s poll
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
    sessionStorage.removeItem(this.seqKey());
    this.abort.abort();
    this.pc?.close();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.remoteVideo.srcObject = null;
    this.localVideo.srcObject = null;
  }
}
