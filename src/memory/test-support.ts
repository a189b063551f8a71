// Test helpers of the memory domain (imported by tests only).
export interface UploadPart {
  filename: string;
  content: Uint8Array | string;
  type?: string;
}

/** A multipart/form-data body for app.inject. */
export function multipartBody(files: UploadPart[], fields: Record<string, string> = {}) {
  const boundary = `----atomtest${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${f.filename}"\r\ncontent-type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
    chunks.push(Buffer.from(f.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * Server configuration pointing the Drive / OneDrive sources at local fakes, as an admin would set it:
 * the services' API addresses in ATOM_INTEGRATIONS, and 127.0.0.1 allowed through the SSRF guard.
 */
export function sourceApiEnv(urls: { drive?: string; graph?: string }): Record<string, string> {
  return {
    ATOM_INTEGRATIONS: JSON.stringify({
      ...(urls.drive ? { 'google-drive': { apiBaseUrl: `${urls.drive}/drive/v3` } } : {}),
      ...(urls.graph ? { onedrive: { apiBaseUrl: urls.graph } } : {}),
    }),
    ATOM_SSRF_ALLOW: '127.0.0.1',
  };
}
