import { type ActionPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const actionPhrases: ActionPhrase[] = [
  { rank: 360, action: 'google_drive.share_file', pattern: /\bshare\b[^.;]*?\b(?:google\s+)?drive\b[^.;]*?\bwith\b|\bshare\b[^.;]*?\bwith\s+[\w.+-]+@[\w.-]+/i, input: (c) => ({ ...(/[\w.+-]+@[\w.-]+\.\w+/.exec(c) ? { type: 'user', email: /[\w.+-]+@[\w.-]+\.\w+/.exec(c)![0] } : {}) }), label: () => 'share the Drive file', ask: () => 'Which Drive file should be shared (its id or link)?' },
];
