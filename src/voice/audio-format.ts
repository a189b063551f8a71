/** The audio formats the transcribe endpoint accepts, recognised by their first bytes (not the file name). */
export type AudioFormat = 'wav' | 'ogg' | 'webm' | 'mp3';

export const audioMime: Record<AudioFormat, string> = { wav: 'audio/wav', ogg: 'audio/ogg', webm: 'audio/webm', mp3: 'audio/mpeg' };

export function sniffAudio(b: Buffer): AudioFormat | undefined {
  if (b.length >= 12 && b.toString('ascii', 0, 4) === 'RIFF' && b.toString('ascii', 8, 12) === 'WAVE') return 'wav';
  if (b.length >= 4 && b.toString('ascii', 0, 4) === 'OggS') return 'ogg';
  if (b.length >= 4 && b.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
  if (b.length >= 3 && b.toString('ascii', 0, 3) === 'ID3') return 'mp3';
  if (b.length >= 2 && b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0) return 'mp3';
  return undefined;
}

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  durationSec: number;
  /** Offset and length of the PCM samples. */
  data: { offset: number; length: number };
}

/** Reads a WAV header (RIFF chunks: `fmt ` then `data`), or undefined when it is not a PCM WAV. */
export function readWav(b: Buffer): WavInfo | undefined {
  if (sniffAudio(b) !== 'wav') return undefined;
  let offset = 12;
  let fmt: { channels: number; sampleRate: number; byteRate: number; bitsPerSample: number } | undefined;
  while (offset + 8 <= b.length) {
    const id = b.toString('ascii', offset, offset + 4);
    const size = b.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') fmt = { channels: b.readUInt16LE(body + 2), sampleRate: b.readUInt32LE(body + 4), byteRate: b.readUInt32LE(body + 8), bitsPerSample: b.readUInt16LE(body + 14) };
    if (id === 'data' && fmt) {
      // espeak-ng and streaming writers leave the size at 0 or 0xFFFFFFFF: use what is there.
      const length = size === 0 || size === 0xffffffff || body + size > b.length ? b.length - body : size;
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, bitsPerSample: fmt.bitsPerSample, durationSec: length / fmt.byteRate, data: { offset: body, length } };
    }
    offset = body + size + (size % 2);
  }
  return undefined;
}
