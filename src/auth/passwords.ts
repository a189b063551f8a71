import { hash, verify } from '@node-rs/argon2';
import { AppError, once } from '../platform/index.js';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ~20-40 ms here, slow enough for offline guessing.
// algorithm 2 is Argon2id (the package's Algorithm enum is a const enum, not importable here).
const argonOptions = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, argonOptions);

// Made on first use (a hash costs ~30 ms), the same for the whole process.
const decoy = once(() => hashPassword(`decoy-${Math.random()}`));

/**
 * Checks a password against a stored hash. Without a stored hash (unknown email, SSO-only account) it
 * still verifies against a decoy hash, so both cases take the same time and give nothing away.
 */
export async function checkPassword(password: string, storedHash: string | null | undefined): Promise<boolean> {
  const target = storedHash ?? (await decoy());
  const ok = await verify(target, password).catch(() => false);
  return ok && storedHash != null;
}

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

// The most used passwords in public breach corpora, and words people build passwords from.
const commonPasswords: ReadonlySet<string> = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword',
  '123456789', '1234567890', '12345678910', '0123456789', '987654321', '9876543210', '1111111111', '1234512345',
  'qwertyuiop', 'qwerty123', 'qwerty1234', 'qwertyuiop123', 'asdfghjkl', 'zxcvbnm123', '1q2w3e4r5t', '1qaz2wsx3edc',
  'iloveyou', 'iloveyou1', 'letmein123', 'welcome123', 'welcome1', 'admin12345', 'administrator', 'changeme',
  'changeme123', 'trustno1', 'football1', 'baseball1', 'superman1', 'sunshine1', 'princess1', 'starwars1',
  'monkey1234', 'dragon1234', 'master1234', 'abc1234567', 'abcdefghij', 'secret1234', 'atompassword',
]);

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return 'is one of the most common passwords; choose another';
  if (new Set(lower).size <= 3) return 'repeats too few different characters';
  if (isSequence(lower)) return 'is a simple sequence of characters';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'must not contain your email address';
  const name = context.name?.trim().toLowerCase();
  if (name && name.length >= 4 && lower === name) return 'must not be your name';
  return undefined;
}

function isSequence(s: string): boolean {
  let up = true;
  let down = true;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    if (d !== 1) up = false;
    if (d !== -1) down = false;
  }
  return up || down;
}

/** Throws the 400 that names `body.<field>` when the password is refused. */
export function assertAcceptablePassword(password: string, context: { email?: string; name?: string }, field = 'password'): void {
  const problem = passwordProblem(password, context);
  if (problem) {
    throw new AppError('auth.password.weak', `The password ${problem}.`, {
      status: 400,
      fields: [{ field: `body.${field}`, message: problem }],
    });
  }
}
