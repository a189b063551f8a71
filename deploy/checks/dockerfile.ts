// Static lint of the Dockerfile without a container engine or hadolint (neither runs on this machine):
// dockerfile-utils' validator (the Docker builder's own parse errors) plus the hadolint rules that
// matter for this image, re-implemented over dockerfile-ast's parse, plus Atom's own image contract.
import { DockerfileParser, type Dockerfile, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';

export interface DockerfileFinding {
  /** hadolint rule id (DL...) where one exists, `DU` for dockerfile-utils, `ATOM-...` for the image contract. */
  rule: string;
  line: number;
  message: string;
}

interface Stage {
  name: string | undefined;
  image: string;
  instructions: Instruction[];
}

const keywordOf = (i: Instruction) => i.getKeyword().toUpperCase();
const argsOf = (i: Instruction) => (i.getArgumentsContent() ?? '').replace(/\\\r?\n/g, ' ');
const lineOf = (i: Instruction) => i.getRange().start.line + 1;

/** Global ARG defaults substituted into a FROM line (`${NAME}` and `$NAME`). */
function resolveGlobalArgs(d: Dockerfile, text: string): string {
  const defaults = new Map<string, string>();
  for (const arg of d.getInitialARGs()) {
    const [name, value] = argsOf(arg).split('=', 2);
    if (name && value !== undefined) defaults.set(name.trim(), value.trim().replace(/^"|"$/g, ''));
  }
  return text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (whole, name: string) => defaults.get(name) ?? whole);
}

function stagesOf(d: Dockerfile): Stage[] {
  const stages: Stage[] = [];
  for (const i of d.getInstructions()) {
    if (keywordOf(i) === 'FROM') {
      const words = resolveGlobalArgs(d, argsOf(i)).split(/\s+/).filter((w) => !w.startsWith('--'));
      const asIndex = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ name: asIndex > 0 ? words[asIndex + 1] : undefined, image: words[0] ?? '', instructions: [i] });
    } else {
      stages.at(-1)?.instructions.push(i);
    }
  }
  return stages;
}

/** A base image is pinned when it names a digest, or a tag that carries a full version (20.20.2, 16.4). */
function isPinned(image: string): boolean {
  if (image.includes('@sha256:')) return true;
  const tag = image.split('/').at(-1)?.split(':')[1];
  return tag !== undefined && tag !== 'latest' && /\d+\.\d+/.test(tag);
}

const REQUIRED_LABELS = ['title', 'description', 'version', 'revision', 'source', 'licenses'].map((l) => `org.opencontainers.image.${l}`);

/** Every finding, ordered by line; an empty list means the Dockerfile passes. */
export function lintDockerfile(text: string): DockerfileFinding[] {
  const findings: DockerfileFinding[] = [];
  const add = (rule: string, line: number, message: string) => findings.push({ rule, line, message });

  for (const diagnostic of validate(text)) {
    add('DU', diagnostic.range.start.line + 1, `dockerfile-utils: ${diagnostic.message}`);
  }

  const d = DockerfileParser.parse(text);
  const stages = stagesOf(d);
  const stageNames = new Set(stages.map((s) => s.name).filter(Boolean));
  if (stages.length < 2) add('ATOM-MULTISTAGE', 1, 'use a build stage and a separate runtime stage');

  for (const stage of stages) {
    const from = stage.instructions[0];
    if (!from) continue;
    if (stageNames.has(stage.image)) continue; // FROM an earlier stage
    if (!isPinned(stage.image)) add('DL3006', lineOf(from), `base image ${stage.image} is not pinned to a version or digest`);
  }

  for (const i of d.getInstructions()) {
    const kw = keywordOf(i);
    const args = argsOf(i);
    if (kw === 'ADD' && /(^|\s)(https?|git):\/\//.test(args)) add('DL3020', lineOf(i), 'ADD of a URL: download with a checked RUN step instead');
    if (kw === 'ADD' && !/\.(tar|tgz|tar\.gz|tar\.xz|tar\.bz2)(\s|$)/.test(args)) add('DL3020', lineOf(i), 'use COPY instead of ADD for files and folders');
    if ((kw === 'CMD' || kw === 'ENTRYPOINT') && !args.trim().startsWith('[')) add('DL3025', lineOf(i), `${kw} must use the JSON (exec) form so signals reach the process`);
    if (kw === 'WORKDIR' && !args.trim().startsWith('/') && !args.trim().startsWith('$')) add('DL3000', lineOf(i), 'WORKDIR must be absolute');
    if (kw !== 'RUN') continue;
    if (/\bsudo\b/.test(args)) add('DL3004', lineOf(i), 'do not use sudo');
    if (/\bapt-get\s+(dist-)?upgrade\b/.test(args)) add('DL3005', lineOf(i), 'do not apt-get upgrade in an image; rebuild on a newer base');
    if (/\bapt-get\s+install\b/.test(args)) {
      if (!/\s(-y|--yes|-qq?y|--assume-yes)\b/.test(args)) add('DL3014', lineOf(i), 'apt-get install needs -y');
      if (!/--no-install-recommends/.test(args)) add('DL3015', lineOf(i), 'apt-get install needs --no-install-recommends');
      if (!/rm\s+-rf\s+\/var\/lib\/apt\/lists/.test(args)) add('DL3009', lineOf(i), 'delete /var/lib/apt/lists in the same RUN as apt-get install');
    }
    if (/(^|[^|])\|([^|]|$)/.test(args.replace(/'[^']*'|"[^"]*"/g, '')) && !/pipefail/.test(text)) {
      add('DL4006', lineOf(i), 'a pipe in RUN hides failures: set SHELL ["/bin/bash", "-o", "pipefail", "-c"]');
    }
  }

  const final = stages.at(-1);
  const finalLine = final?.instructions[0] ? lineOf(final.instructions[0]) : 1;
  const inFinal = (kw: string) => (final?.instructions ?? []).filter((i) => keywordOf(i) === kw);
  const lastUser = inFinal('USER').at(-1);
  const user = lastUser ? argsOf(lastUser).trim().split(':')[0] : undefined;
  if (!lastUser || user === 'root' || user === '0') {
    add('DL3002', lastUser ? lineOf(lastUser) : finalLine, 'the runtime stage must end with a non-root USER');
  }
  const healthcheck = inFinal('HEALTHCHECK').at(-1);
  if (!healthcheck || /^\s*NONE\b/i.test(argsOf(healthcheck))) add('ATOM-HEALTHCHECK', finalLine, 'the runtime stage needs a HEALTHCHECK');
  else if (/\b(curl|wget)\b/.test(argsOf(healthcheck))) add('ATOM-HEALTHCHECK', lineOf(healthcheck), 'slim images have no curl/wget: check with node');
  else if (!/\/health\b/.test(argsOf(healthcheck))) add('ATOM-HEALTHCHECK', lineOf(healthcheck), 'HEALTHCHECK must ask /health');

  const env = inFinal('ENV').map(argsOf).join(' ');
  if (!/\bATOM_DATA_DIR=\/data\b/.test(env)) add('ATOM-DATADIR', finalLine, 'the runtime must set ATOM_DATA_DIR=/data (its only writable place)');
  if (!/\bATOM_HOST=0\.0\.0\.0\b/.test(env)) add('ATOM-HOST', finalLine, 'the runtime must listen on 0.0.0.0 (ATOM_HOST)');
  const labels = inFinal('LABEL').map(argsOf).join(' ');
  for (const label of REQUIRED_LABELS) if (!labels.includes(`${label}=`)) add('ATOM-LABELS', finalLine, `missing OCI label ${label}`);
  const entrypoint = inFinal('ENTRYPOINT').at(-1);
  if (!entrypoint || !argsOf(entrypoint).includes('bin/atom.js')) add('ATOM-ROLES', finalLine, 'ENTRYPOINT must run bin/atom.js so one image serves every role (serve|worker|migrate)');
  const buildRuns = stages.slice(0, -1).flatMap((s) => s.instructions.filter((i) => keywordOf(i) === 'RUN').map(argsOf)).join('\n');
  if (!/\bnpm ci\b/.test(buildRuns)) add('ATOM-BUILD', 1, 'the build stage must install with `npm ci` (the lock file, exactly)');
  if (!/\bnpm run build\b/.test(buildRuns)) add('ATOM-BUILD', 1, 'the build stage must run `npm run build`');
  if (!/npm prune --omit=dev|npm ci --omit=dev/.test(buildRuns)) add('ATOM-BUILD', 1, 'the runtime must get production dependencies only');
  for (const copy of inFinal('COPY')) {
    if (/^\s*(\.|\.\/)\s/.test(argsOf(copy))) add('ATOM-CONTEXT', lineOf(copy), 'the runtime stage must not copy the whole build context');
  }
  return findings.sort((a, b) => a.line - b.line);
}
