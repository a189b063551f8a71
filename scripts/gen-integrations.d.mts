// Types of scripts/gen-integrations.mjs, for the test and vitest.config.ts that import it (the script is plain
// JavaScript so that it runs before anything is compiled).

export interface ServiceFolder {
  folder: string;
  /** `export const <exportName> = defineIntegration(...)` in the folder's index.ts. */
  exportName: string;
}
export const integrationsDir: string;
export const generatedFile: string;
export function exportNameOf(folder: string): string;
export function discoverIntegrations(dir?: string): { services: ServiceFolder[]; others: string[] };
export function renderRegistry(found: { services: ServiceFolder[]; others: string[] }): string;
export function generateIntegrations(options?: { dir?: string; file?: string }): boolean;
