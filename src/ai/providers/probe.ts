import { AppError } from '../../platform/index.js';
import { effectiveBaseUrl, type ProviderCredentials } from './language-model.js';
import { providers } from './catalog.js';
import { baseUrlRefused, type ProviderFetch } from './outbound.js';

/** What a provider said about a key: it works, and these models can be used with it. */
export interface KeyProbe {
  models: string[];
}

interface ListRequest {
  url: string;
  headers: Record<string, string>;
  models(body: unknown): string[];
}

const ids = (list: unknown, field = 'id'): string[] =>
  Array.isArray(list) ? list.flatMap((m) => (m && typeof m === 'object' && typeof (m as Record<string, unknown>)[field] === 'string' ? [String((m as Record<string, unknown>)[field])] : [])) : [];

/** Each family's cheapest authenticated call: listing models (Deepgram: listing projects). */
function listRequest(c: ProviderCredentials): ListRequest {
  const base = effectiveBaseUrl(c);
  const bearer: Record<string, string> = c.apiKey ? { authorization: `Bearer ${c.apiKey}` } : {};
  switch (providers[c.provider].family) {
    case 'openai':
    case 'openai-compatible':
      return { url: `${base}/models`, headers: bearer, models: (b) => ids((b as { data?: unknown }).data) };
    case 'azure':
      return { url: `${base}/models?api-version=${c.options.azureApiVersion ?? 'v1'}`, headers: { 'api-key': c.apiKey }, models: (b) => ids((b as { data?: unknown }).data) };
    case 'anthropic':
      return {
        url: `${base}/models?limit=100`,
        headers: { 'x-api-key': c.apiKey, 'anthropic-version': '2023-06-01' },
        models: (b) => ids((b as { data?: unknown }).data),
      };
    case 'google':
      return {
        url: `${base}/models?pageSize=1000`,
        headers: { 'x-goog-api-key': c.apiKey },
        models: (b) => {
          const list = (b as { models?: { name?: string; supportedGenerationMethods?: string[] }[] }).models ?? [];
          return list.filter((m) => m.supportedGenerationMethods?.includes('generateContent')).map((m) => String(m.name).replace(/^models\//, ''));
        },
      };
    case 'deepgram':
      return { url: `${base}/v1/projects`, headers: { authorization: `Token ${c.apiKey}` }, models: () => providers.deepgram.suggestedModels };
  }
}

/**
 * Checks a key against its provider before it is saved. Rejected keys are a 422 naming the field; an
 * unreachable provider is a 502; an internal address the SSRF guard refuses is a 422 naming `baseUrl`. The key itself never appears in the error.
 */
export async function probeKey(c: ProviderCredentials, timeoutMs: number, fetch: ProviderFetch): Promise<KeyProbe> {
  const req = listRequest(c);
  let res: Response;
  try {
    res = await fetch(req.url, { headers: { accept: 'application/json', ...req.headers }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    // The SSRF guard refused the address (a literal IP or a name resolving to one): bad input, not an outage.
    const refused = baseUrlRefused(cause);
    if (refused) throw refused;
    throw new AppError('ai.key.provider_unreachable', `${providers[c.provider].label} could not be reached at ${new URL(req.url).origin}.`, { status: 502, cause });
  }
  if (res.status === 401 || res.status === 403 || (c.provider === 'google' && res.status === 400)) {
    throw new AppError('ai.key.rejected', `${providers[c.provider].label} rejected this key.`, {
      status: 422,
      fields: [{ field: 'body.apiKey', message: 'the provider rejected this key' }],
    });
  }
  if (!res.ok) {
    throw new AppError('ai.key.provider_error', `${providers[c.provider].label} answered ${res.status} while checking the key; try again.`, { status: 502 });
  }
  const body: unknown = await res.json().catch(() => ({}));
  const models = req.models(body);
  return { models: models.length > 0 ? models : providers[c.provider].suggestedModels };
}
