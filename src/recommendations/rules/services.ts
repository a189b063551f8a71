import { once } from '../../platform/index.js';
import { exampleParams, workflowTemplates } from '../../workflows/index.js';

// Template and action ids name services the way the pieces do, with a few older spellings.
const aliases: Record<string, string> = { drive: 'google-drive' };
const ignored: ReadonlySet<string> = new Set(['core', 'http', 'webhook', 'http-request', 'ai', 'schedule', 'memory']);

/** The integration service an action or trigger id belongs to (`slack.post_message` → `slack`). */
export function serviceOf(pieceId: string): string | undefined {
  const prefix = pieceId.split('.')[0];
  if (!prefix || prefix === pieceId) return undefined;
  const id = aliases[prefix] ?? prefix.replace(/_/g, '-');
  return ignored.has(id) ? undefined : id;
}

/** Action and trigger ids anywhere in a definition (steps nest in branches, loops, error handlers). */
export function piecesIn(definition: unknown, into: { actions: Set<string>; triggers: Set<string> } = { actions: new Set(), triggers: new Set() }) {
  if (Array.isArray(definition)) for (const v of definition) piecesIn(v, into);
  else if (definition && typeof definition === 'object') {
    for (const [k, v] of Object.entries(definition)) {
      if (k === 'action' && typeof v === 'string') into.actions.add(v);
      else if (k === 'trigger' && typeof v === 'string') into.triggers.add(v);
      else if (v && typeof v === 'object') piecesIn(v, into);
    }
  }
  return into;
}

export const servicesIn = (definition: unknown): Set<string> => {
  const { actions, triggers } = piecesIn(definition);
  return new Set([...actions, ...triggers].map(serviceOf).filter((s): s is string => !!s));
};

export interface TemplateFit {
  id: string;
  name: string;
  services: Set<string>;
  actions: Set<string>;
}

/** Each built-in template with the services its default build uses (computed once: templates are built in). */
export const templateServices = once((): TemplateFit[] =>
  workflowTemplates.map((t) => {
    // Templates ask for their channel/address/URL: stand-in answers only read which services they use.
    const def = t.build(t.params.parse(exampleParams(t)));
    return { id: t.id, name: t.name, services: servicesIn(def), actions: piecesIn(def).actions };
  }),
);

const names: Record<string, string> = { github: 'GitHub', gmail: 'Gmail', onedrive: 'OneDrive', 'microsoft-teams': 'Microsoft Teams' };
/** A service id as people say it (`google-drive` → `Google Drive`). */
export const serviceName = (id: string): string => names[id] ?? id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
