/**
 * Turns what fetch throws ("fetch failed" with a nested cause) into plain words, and tells whether the
 * request can have reached the service (only then is retrying a POST unsafe).
 */
export function describeNetworkFailure(err: unknown): { reason: string; notSent: boolean } {
  const code = findCode(err);
  switch (code) {
    case 'ECONNREFUSED':
      return { reason: 'the connection was refused (is the service running at that address?)', notSent: true };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { reason: 'its address could not be resolved', notSent: true };
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return { reason: 'the connection was dropped before the answer arrived', notSent: false };
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return { reason: 'connecting timed out', notSent: true };
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return { reason: 'its TLS certificate is not valid', notSent: true };
    default: {
      const msg = messageChain(err);
      if (/terminated|other side closed|socket hang up/i.test(msg)) {
        return { reason: 'the connection was dropped before the answer arrived', notSent: false };
      }
      return { reason: 'the network call failed', notSent: false };
    }
  }
}

function findCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 5) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code !== 'ERR_INVALID_STATE') return code;
  return findCode((err as { cause?: unknown }).cause, depth + 1);
}

function messageChain(err: unknown, depth = 0): string {
  if (!(err instanceof Error) || depth > 5) return '';
  return `${err.message} ${messageChain(err.cause, depth + 1)}`;
}
