// Types of scripts/up-to-date.mjs, for the tests that import it (the scripts are plain JavaScript so that
// they run before `npm install`).

export interface BuildStamp {
  digest: string;
  /** Inputs the build reported itself (the server modules the web bundle contains). */
  bundled?: string[];
  builtAt: string;
}

export function listInputs(root: string, entries: string[], options?: { skipDirs?: string[]; skipFile?: (relativePath: string) => boolean }): string[];
export function hashFiles(root: string, files: string[]): Map<string, string>;
export function inputsDigest(root: string, files: string[], known?: Map<string, string>): string;
export function readStamp(stampFile: string): BuildStamp | undefined;
export function buildIfChanged(options: {
  root: string;
  what: string;
  /** A file the build makes, relative to root: without it the build runs whatever the stamp says. */
  output: string;
  stampFile: string;
  inputs: (bundled: string[] | undefined) => string[];
  build: () => void;
  bundled?: () => string[] | undefined;
  log?: (line: string) => void;
}): boolean;
export function bundledSources(root: string, dir: string, exclude: string[]): string[] | undefined;
export function installNeeded(root: string): string | undefined;
