import { ActionIcon, Anchor, Button, Group, Text, Tooltip } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../lib/api';
import { liveSession } from './chatApi';

interface BrowserRecognition {
  interimResults: boolean;
  continuous: boolean;
  onresult: ((e: { results: ArrayLike<ArrayLike<{ transcript: string }> & { isFinal: boolean }> }) => void) | null;
  onerror: ((e: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
}

type RecognitionCtor = new () => BrowserRecognition;
const recognitionCtor = (): RecognitionCtor | undefined => {
  const w = window as unknown as { SpeechRecognition?: RecognitionCtor; webkitSpeechRecognition?: RecognitionCtor };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition;
};

// The person's choice of the browser's own recognition, remembered on this device.
const CHOICE_KEY = 'atom.voice.browserRecognition';

/** Words for what getUserMedia or the browser's recognition refused, with what to do about it. */
export function microphoneProblem(name: string): string {
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'not-allowed':
    case 'service-not-allowed':
      return 'Microphone access was denied. Allow the microphone for this site in your browser’s settings, then try again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'audio-capture':
      return 'No microphone was found. Connect one (or pick it in your system’s sound settings) and try again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone is busy or unavailable (another app may be using it).';
    case 'network':
      return 'The browser’s speech recognition could not reach its service. Add a Deepgram key in Settings → AI for transcription through Atom.';
    case 'no-speech':
      return 'No speech was heard. Hold the button while you speak.';
    default:
      return `Voice input stopped (${name}).`;
  }
}

/**
 * Push-to-talk: hold to speak. Audio goes to Atom's live relay (Deepgram with your key) and partial
 * transcripts show as you speak. Without a speech key, the person can choose the browser's own speech
 * recognition. Every failure (no microphone, permission denied) says so and lets go of the button.
 */
export function VoiceButton({ onPartial, onFinal }: { onPartial: (text: string) => void; onFinal: (text: string) => void }) {
  const [state, setState] = useState<'idle' | 'starting' | 'live' | 'browser'>('idle');
  const [note, setNote] = useState<string>();
  const [offerBrowser, setOfferBrowser] = useState(false);
  const [useBrowser, setUseBrowser] = useState(() => localStorage.getItem(CHOICE_KEY) === '1');
  const stopRef = useRef<() => void>(() => undefined);
  // Whether the button is still held: a release during the async start must stop what the start opens.
  const heldRef = useRef(false);

  useEffect(() => () => stopRef.current(), []);

  const fail = (message: string) => {
    stopRef.current();
    stopRef.current = () => undefined;
    setNote(message);
    setState('idle');
  };

  function startBrowser() {
    const Ctor = recognitionCtor();
    if (!Ctor) return fail('This browser has no speech recognition of its own: add a Deepgram key in Settings → AI to talk to Atom.');
    const rec = new Ctor();
    rec.interimResults = true;
    rec.continuous = true;
    let finalText = '';
    let failed = false;
    rec.onresult = (e) => {
      const parts = Array.from(e.results);
      finalText = parts.filter((r) => r.isFinal).map((r) => r[0]?.transcript ?? '').join(' ');
      onPartial(parts.map((r) => r[0]?.transcript ?? '').join(' '));
    };
    rec.onerror = (e) => {
      failed = true;
      fail(microphoneProblem(e.error));
    };
    rec.onend = () => {
      setState('idle');
      if (!failed && finalText.trim()) onFinal(finalText.trim());
    };
    stopRef.current = () => rec.stop();
    setState('browser');
    rec.start();
  }

  async function start() {
    if (state !== 'idle') return;
    heldRef.current = true;
    setNote(undefined);
    if (useBrowser) return startBrowser();
    setState('starting');
    let stream: MediaStream | undefined;
    try {
      const { url } = await liveSession({});
      if (!navigator.mediaDevices?.getUserMedia) return fail('This page cannot use a microphone here (it needs https or localhost).');
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${url}`);
      const recorder = new MediaRecorder(stream, { mimeType: MediaRecorder.isTypeSupported('audio/webm;codecs=opus') ? 'audio/webm;codecs=opus' : '' });
      const tracks = stream.getTracks();
      ws.onmessage = (m) => {
        const msg = JSON.parse(String(m.data)) as { type: string; text?: string; message?: string };
        if (msg.type === 'partial' || msg.type === 'final') onPartial(msg.text ?? '');
        if (msg.type === 'transcript') onFinal(msg.text ?? '');
        if (msg.type === 'error') fail(msg.message ?? 'Transcription failed.');
      };
      ws.onerror = () => fail('Lost the connection to Atom’s transcription. Try again.');
      ws.onopen = () => {
        recorder.ondataavailable = (e) => e.data.size > 0 && ws.readyState === WebSocket.OPEN && ws.send(e.data);
        recorder.start(250);
      };
      stopRef.current = () => {
        recorder.onstop = () => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: 'stop' }));
        if (recorder.state !== 'inactive') recorder.stop();
        tracks.forEach((t) => t.stop());
      };
      if (!heldRef.current) return stop();
      setState('live');
    } catch (err) {
      stream?.getTracks().forEach((t) => t.stop());
      if (err instanceof ApiError && err.code === 'voice.no_provider') {
        setOfferBrowser(Boolean(recognitionCtor()));
        return fail(
          recognitionCtor()
            ? 'No speech key is set up, so Atom cannot transcribe. Use your browser’s own speech recognition instead, or add a Deepgram key.'
            : 'No speech key is set up and this browser has no speech recognition of its own: add a Deepgram key to talk to Atom.',
        );
      }
      if (err instanceof ApiError) return fail(err.detail);
      return fail(microphoneProblem(err instanceof Error ? err.name : String(err)));
    }
  }

  function stop() {
    heldRef.current = false;
    stopRef.current();
    if (state !== 'browser') setState('idle');
  }

  function chooseBrowser() {
    localStorage.setItem(CHOICE_KEY, '1');
    setUseBrowser(true);
    setOfferBrowser(false);
    setNote('Using your browser’s speech recognition. Hold the button and speak.');
  }

  function chooseAtom() {
    localStorage.removeItem(CHOICE_KEY);
    setUseBrowser(false);
    setNote(undefined);
  }

  const active = state !== 'idle';
  return (
    <>
      <Tooltip label={active ? 'Release to send' : useBrowser ? 'Hold to talk (browser speech recognition)' : 'Hold to talk'}>
        <ActionIcon
          size="lg"
          variant={active ? 'filled' : 'default'}
          color={active ? 'red' : undefined}
          aria-label="Push to talk"
          aria-pressed={active}
          data-state={state}
          onPointerDown={() => void start()}
          onPointerUp={stop}
          onPointerLeave={() => heldRef.current && stop()}
          onKeyDown={(e) => e.key === ' ' && !e.repeat && void start()}
          onKeyUp={(e) => e.key === ' ' && stop()}
        >
          <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
            <rect x="9" y="3" width="6" height="11" rx="3" />
            <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
          </svg>
        </ActionIcon>
      </Tooltip>
      {(note || offerBrowser || useBrowser) && (
        <Group gap="xs" data-testid="voice-note" role="status">
          {note && (
            <Text size="xs" c={offerBrowser || !useBrowser ? 'red.8' : 'dimmed'}>
              {note}
            </Text>
          )}
          {offerBrowser && (
            <Button size="compact-xs" variant="light" onClick={chooseBrowser}>
              Use browser speech recognition
            </Button>
          )}
          {(offerBrowser || (note && !useBrowser)) && (
            <Anchor component={Link} to="/settings/ai" size="xs">
              Settings → AI
            </Anchor>
          )}
          {useBrowser && !note && (
            <Anchor component="button" type="button" size="xs" onClick={chooseAtom}>
              Use Atom’s transcription instead
            </Anchor>
          )}
        </Group>
      )}
    </>
  );
}
