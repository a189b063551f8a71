/**
 * Paths pino removes from every log line. Secrets must never reach logs: request credentials, cookies,
 * and any property whose name says it holds a secret, at the top level or one/two levels down.
 */
const secretKeys = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'apiKey',
  'api_key',
  'secret',
  'clientSecret',
  'client_secret',
  'authorization',
  'cookie',
  'key',
  'privateKey',
  'csrfToken',
];

export const redactPaths: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  ...secretKeys,
  ...secretKeys.map((k) => `*.${k}`),
  ...secretKeys.map((k) => `*.*.${k}`),
];
