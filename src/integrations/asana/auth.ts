import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import type { ServiceProfile } from '../profiles.js';

/** Asana errors (developers.asana.com/docs/errors): `{ errors: [{ message, help? }] }`. */
const asanaError = z.object({ errors: z.array(z.object({ message: z.string() }).loose()).min(1) });

export const readAsanaFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = asanaError.safeParse(body);
  return e.success ? { message: `“${e.data.errors.map((x) => x.message.replace(/\.$/, '')).join('; ')}”` } : undefined;
};

export const asanaProfile: ServiceProfile = {
  serviceId: 'asana',
  readFault: readAsanaFault,
  limits: { concurrency: 8, ratePerSecond: 20, burst: 50 },
  async check(client, signal) {
    const me = await client.call({ path: 'users/me', signal }, z.object({ data: z.object({ email: z.string().optional(), name: z.string().optional() }).loose() }));
    return { accountLabel: me.data.email ?? me.data.name };
  },
};
