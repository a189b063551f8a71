import { ActionIcon, Text, Tooltip } from '@mantine/core';
import { useRef, useState } from 'react';
import { ApiError } from '../../lib/api';
import { liveSession } from './chatApi';

interface BrowserRecognition {
  interimResults: boolean;
  continuous: boolean;
  onresult: ((e: { results: ArrayLike<ArrayLike<{ transcript: string }> & { isFinal: boolean }> }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
}

const browserRecognition = (): BrowserRecognition | undefined => {
  const w = window as unknown as { SpeechRecognition?: new () => BrowserRecognition; webkitSpeechRecognition?: new () => BrowserRecognition };
  const Ctor = w.SpeechRecognition ?? w.webkitSpeechRecognition;
  return Ctor ? new Ctor() : undefined;
};

/**
 * Push-to-talk: hold to speak. Audio goes to Atom's live relay (Deepgram with your key) and partial
 * transcripts show as you speak; without a speech key the browser's own recognition is used.
 */
export function VoiceButton({ onPartial, onFinal }: { onPartial: (text: string) => void; onFinal: (text: string) => void }) {
  const [state, setState] = useState<'idle' | 'live' | 'browser'>('idle');
  const [note, setNote] = useState<string>();
  const stopRef = useRef<() => void>(() => undefined);

  async function start() {
    setNote(undefined);
    try {
      const { url } = await liveSession({});
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${url}`);
      const recorder = new MediaRecorder(stream, { mimeType: MediaRecorder.isTypeSupported('audio/webm;codecs=opus') ? 'audio/webm;codecs=opus' : '' });
      ws.onmessage = (m) => {
        const msg = JSON.parse(String(m.data)) as { type: string; text?: string; message?: string };
        if (msg.type === 'partial' || msg.type === 'final') onPartial(msg.text ?? '');
        if (msg.type === 'transcript') onFinal(msg.text ?? '');
        if (msg.type === 'error') setNote(msg.message);
      };
      ws.onopen = () => {
        recorder.ondataavailable = (e) => e.data.size > 0 && ws.readyState === WebSocket.OPEN && ws.send(e.data);
        recorder.start(250);
      };
      stopRef.current = () => {
        recorder.onstop = () => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: 'stop' }));
        if (recorder.state !== 'inactive') recorder.stop();
        stream.getTracks().forEach((t) => t.stop());
      };
      setState('live');
    } catch (err) {
      if (err instanceof ApiError && err.code !== 'voice.no_provider') return setNote(err.detail);
      const rec = browserRecognition();
      if (!rec) return setNote('Voice needs a Deepgram key (Settings → AI) or a browser with speech recognition.');
      rec.interimResults = true;
      rec.continuous = true;
      let finalText = '';
      rec.onresult = (e) => {
        const parts = Array.from(e.results);
        finalText = parts.filter((r) => r.isFinal).map((r) => r[0]?.transcript ?? '').join(' ');
        onPartial(parts.map((r) => r[0]?.transcript ?? '').join(' '));
      };
      rec.onend = () => onFinal(finalText.trim());
      rec.start();
      stopRef.current = () => rec.stop();
      setState('browser');
    }
  }

  function stop() {
    stopRef.current();
    setState('idle');
  }

  return (
    <>
      <Tooltip label={state === 'idle' ? 'Hold to talk' : 'Release to send'}>
        <ActionIcon
          size="lg"
          variant={state === 'idle' ? 'default' : 'filled'}
          color={state === 'idle' ? undefined : 'red'}
          aria-label="Push to talk"
          aria-pressed={state !== 'idle'}
          onPointerDown={() => void start()}
          onPointerUp={stop}
          onKeyDown={(e) => e.key === ' ' && state === 'idle' && void start()}
          onKeyUp={(e) => e.key === ' ' && stop()}
        >
          <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
            <rect x="9" y="3" width="6" height="11" rx="3" />
            <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
          </svg>
        </ActionIcon>
      </Tooltip>
      {note && (
        <Text size="xs" c="red" role="status">
          {note}
        </Text>
      )}
    </>
  );
}
