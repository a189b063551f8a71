import type { Step } from '../../definition/schema.js';
import { jsonataString } from './expressions.js';
import { pairs, param, paramValue, shortType, type LeafMapping, type NodeContext } from './node-context.js';

const base = (c: NodeContext) => ({ id: c.stepId, name: c.node.name, onError: 'stop' as const });
const markerText = (field: string) => jsonataString(`[n8n value of ${field} not translated]`);

/** Set / Edit Fields: a transform building the item, merged over the incoming one unless n8n kept only the set fields. */
function setNode(c: NodeContext): LeafMapping {
  const n = c.node;
  const v = n.typeVersion ?? 1;
  const fields: { name: string; value: unknown }[] = [];
  let keepOthers: boolean;
  if (param(n, 'mode') === 'raw') {
    const raw = c.jsonata('jsonOutput', param(n, 'jsonOutput'));
    if (raw === undefined) return { unmapped: 'its JSON output could not be translated' };
    return { step: { ...base(c), type: 'transform', expression: `(${raw})` } };
  }
  if (v >= 3.3 || param(n, 'assignments') !== undefined) {
    for (const a of (param(n, 'assignments.assignments') as { name?: string; value?: unknown }[] | undefined) ?? []) if (a.name) fields.push({ name: a.name, value: a.value });
    keepOthers = param(n, 'includeOtherFields') === true;
  } else if (v >= 3) {
    for (const f of (param(n, 'fields.values') as Record<string, unknown>[] | undefined) ?? []) {
      const name = f['name'];
      const key = Object.keys(f).find((k) => k.endsWith('Value'));
      if (typeof name === 'string') fields.push({ name, value: key ? f[key] : undefined });
    }
    keepOthers = (param(n, 'include') ?? 'all') !== 'none';
  } else {
    for (const kind of ['string', 'number', 'boolean']) fields.push(...pairs(param(n, 'values'), kind));
    keepOthers = param(n, 'keepOnlySet') !== true;
  }
  // Dotted names build nested objects, as n8n's "dot notation" option (on by default) does.
  const tree: Record<string, unknown> = {};
  for (const f of fields) {
    const parts = param(n, 'options.dotNotation') === false ? [f.name] : f.name.split('.');
    let cur = tree;
    for (const p of parts.slice(0, -1)) cur = (cur[p] = typeof cur[p] === 'object' && cur[p] !== null && !('__expr' in (cur[p] as object)) ? cur[p] : {}) as Record<string, unknown>;
    cur[parts.at(-1) ?? f.name] = { __expr: c.jsonata(`field ${f.name}`, f.value) ?? markerText(f.name) };
  }
  const emit = (o: Record<string, unknown>): string =>
    `{${Object.entries(o)
      .map(([k, x]) => `${jsonataString(k)}: ${x && typeof x === 'object' && '__expr' in x ? String((x as { __expr: string }).__expr) : emit(x as Record<string, unknown>)}`)
      .join(', ')}}`;
  const obj = emit(tree);
  const current = c.scope.current;
  return { step: { ...base(c), type: 'transform', expression: keepOthers && current ? `$merge([${current}, ${obj}])` : obj } };
}

/** JSON text with `{{ }}` inside (n8n's "JSON" body): parsed, with each expression as a template value. */
function jsonTemplate(c: NodeContext, field: string, text: string): unknown {
  const exprs: string[] = [];
  const tokenized = text.replace(/\{\{([\s\S]*?)\}\}/g, (m, _e: string, offset: number) => {
    exprs.push(m);
    const before = text.slice(0, offset).trimEnd().at(-1);
    const after = text.slice(offset + m.length).trimStart()[0];
    const bare = [':', '[', ','].includes(before ?? '') && [',', '}', ']'].includes(after ?? '');
    return bare ? `"@@n8n${exprs.length - 1}@@"` : `@@n8n${exprs.length - 1}@@`;
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(tokenized);
  } catch {
    c.note(`${field} is not JSON once its expressions are set aside; it is sent as text`);
    return c.value(field, `=${text}`);
  }
  const restore = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (!v.includes('@@n8n')) return v.includes('{{') ? c.value(field, v) : v;
      return c.value(field, `=${v.replace(/@@n8n(\d+)@@/g, (_m, i: string) => exprs[Number(i)] ?? '')}`);
    }
    if (Array.isArray(v)) return v.map(restore);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, restore(x)]));
    return v;
  };
  return restore(parsed);
}

const secretName = (credentialType: string) => `N8N_${credentialType.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;

/** HTTP Request (v1 to v4): method, URL, query, headers, body; credentials become a secret to create. */
function httpNode(c: NodeContext): LeafMapping {
  const n = c.node;
  const method = String(param(n, 'method') ?? param(n, 'requestMethod') ?? 'GET').toUpperCase();
  if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'].includes(method)) return { unmapped: `method ${method} is not supported by Atom's HTTP step` };
  const input: Record<string, unknown> = { method, url: c.value('url', param(n, 'url') ?? '') };
  const collect = (enabled: string, list: string, legacy: string) => {
    const out: Record<string, unknown> = {};
    const entries = param(n, enabled) === true ? pairs(param(n, list)) : pairs(param(n, legacy), 'parameter');
    for (const p of entries) out[p.name] = c.value(`${list}.${p.name}`, typeof p.value === 'number' || typeof p.value === 'boolean' ? p.value : String(p.value ?? ''));
    return out;
  };
  const query = collect('sendQuery', 'queryParameters', 'queryParametersUi');
  if (Object.keys(query).length) input['query'] = query;
  const headers = collect('sendHeaders', 'headerParameters', 'headerParametersUi');
  if (Object.keys(headers).length) input['headers'] = headers;
  if (param(n, 'sendBody') === true || param(n, 'bodyParametersUi') !== undefined || param(n, 'bodyParametersJson') !== undefined) {
    const contentType = param(n, 'contentType') ?? 'json';
    if (contentType === 'multipart-form-data' || contentType === 'binaryData') return { unmapped: 'it sends a file (binary data), which Atom\'s HTTP step does not' };
    const json = param(n, 'jsonBody') ?? param(n, 'bodyParametersJson');
    if (param(n, 'specifyBody') === 'json' || (param(n, 'jsonParameters') === true && json !== undefined)) {
      input['body'] = typeof json === 'string' ? (json.startsWith('={{') && json.trim().endsWith('}}') ? c.value('jsonBody', json) : jsonTemplate(c, 'jsonBody', json.replace(/^=/, ''))) : json;
    } else if (contentType === 'raw') {
      input['body'] = c.value('body', param(n, 'body') ?? '');
      const rawType = param(n, 'rawContentType');
      if (typeof rawType === 'string') input['headers'] = { ...(input['headers'] as object | undefined), 'content-type': rawType };
    } else {
      const body = collect('sendBody', 'bodyParameters', 'bodyParametersUi');
      if (contentType === 'form-urlencoded') {
        c.note('the form-urlencoded body is sent as JSON; check the API accepts it');
      }
      input['body'] = body;
    }
  }
  const timeout = param(n, 'options.timeout');
  if (typeof timeout === 'number' && timeout >= 1) input['timeoutMs'] = Math.min(600_000, Math.trunc(timeout));
  const auth = param(n, 'authentication');
  if (auth && auth !== 'none') {
    const type = String(auth === 'predefinedCredentialType' ? (param(n, 'nodeCredentialType') ?? 'predefined') : auth === 'genericCredentialType' ? (param(n, 'genericAuthType') ?? 'generic') : auth);
    const name = secretName(type);
    c.needsSecret(name);
    if (type === 'httpBearerAuth' || type.toLowerCase().includes('oauth2')) input['bearerSecret'] = name;
    else c.note(`it authenticated with the n8n credential type ${type}: add the header or query parameter yourself, reading secret ${name} as {{ secrets.${name} }}`);
  }
  return { step: { ...base(c), type: 'http', input }, output: `steps.${c.stepId}.body` };
}

const codeShim = (name: string, code: string, perItem: boolean) =>
  [
    `// Imported from the n8n Code node ${JSON.stringify(name)}: $input, items and $json are rebuilt from \`input\`.`,
    'const __list = input === undefined || input === null ? [] : Array.isArray(input) ? input : [input];',
    'const items = __list.map((json) => ({ json }));',
    'const $input = { all: () => items, first: () => items[0], last: () => items[items.length - 1], item: items[0] };',
    'const $json = items[0] ? items[0].json : {};',
    perItem ? 'const item = items[0];' : '',
    'const __result = await (async () => {',
    code,
    '})();',
    'const __out = (Array.isArray(__result) ? __result : [__result]).map((r) => (r && typeof r === "object" && "json" in r ? r.json : r));',
    'return __out.length === 1 ? __out[0] : __out;',
  ]
    .filter(Boolean)
    .join('\n');

/** Code / Function: JavaScript runs in Atom's sandboxed code step (core.code) when it is installed. */
function codeNode(c: NodeContext): LeafMapping {
  const n = c.node;
  const short = shortType(n.type);
  if (param(n, 'language') === 'python' || param(n, 'language') === 'pythonNative') return { unmapped: 'Python code; Atom\'s code step runs JavaScript' };
  if (!c.actions.get('core.code')) return { unmapped: 'Atom has no code step installed (core.code)' };
  const code = param(n, short === 'code' ? 'jsCode' : 'functionCode');
  if (typeof code !== 'string' || !code.trim()) return { unmapped: 'the node has no code' };
  if (/\bthis\.helpers\b|\brequire\s*\(|\$http\b|\$env\b/.test(code)) return { unmapped: 'the code uses n8n helpers, modules or the environment, which the sandbox does not offer' };
  if (/\$\(\s*['"]|\$node\s*\[|\$items\s*\(/.test(code)) c.note('the code reads other nodes ($(\'…\')); only the incoming items are passed in, so pass what it needs in the step input');
  const perItem = param(n, 'mode') === 'runOnceForEachItem' || short === 'functionItem';
  return {
    step: { ...base(c), type: 'action', action: 'core.code', input: { code: codeShim(n.name, code, perItem), ...(c.scope.current ? { input: `{{ ${c.scope.current} }}` } : {}) } },
    note: 'JavaScript runs in the sandboxed code step; review it',
  };
}

const unitMs: Record<string, number> = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

function waitNode(c: NodeContext): LeafMapping {
  const n = c.node;
  const resume = param(n, 'resume') ?? 'timeInterval';
  if (resume === 'timeInterval') {
    const amount = param(n, 'amount') ?? 1;
    const unit = String(param(n, 'unit') ?? ((c.node.typeVersion ?? 1) >= 1.1 ? 'seconds' : 'hours'));
    if (typeof amount !== 'number') return { unmapped: 'its wait amount is an expression' };
    return { step: { ...base(c), type: 'delay', ms: Math.round(amount * (unitMs[unit] ?? 1000)) }, passthroughOutput: true };
  }
  if (resume === 'specificTime') return { step: { ...base(c), type: 'delay', until: String(c.value('dateTime', param(n, 'dateTime') ?? '')) }, passthroughOutput: true };
  if (resume === 'webhook') {
    const limit = param(n, 'limitWaitTime') === true ? Number(param(n, 'resumeAmount') ?? 1) * (unitMs[String(param(n, 'resumeUnit') ?? 'hours')] ?? 3_600_000) : undefined;
    return { step: { ...base(c), type: 'wait_for_webhook', ...(limit ? { timeoutMs: limit } : {}) }, output: `steps.${c.stepId}.body` };
  }
  return { unmapped: `it resumes on ${String(resume)}, which Atom has no wait for` };
}

function executeWorkflowNode(c: NodeContext): LeafMapping {
  const n = c.node;
  if ((param(n, 'source') ?? 'database') !== 'database') return { unmapped: `it runs a workflow from ${String(param(n, 'source'))}; Atom calls saved workflows only` };
  const n8nId = String(paramValue(n, 'workflowId') ?? '');
  const atomId = c.workflowIds[n8nId];
  if (!atomId) return { unmapped: `it calls n8n workflow ${n8nId || '(none)'}: import that workflow first, then import this one again with workflowIds { "${n8nId}": "<Atom workflow id>" }` };
  const mapping = param(n, 'workflowInputs.value');
  const input: Record<string, unknown> =
    mapping && typeof mapping === 'object' && Object.keys(mapping).length
      ? Object.fromEntries(Object.entries(mapping as Record<string, unknown>).map(([k, v]) => [k, c.value(`workflowInputs.${k}`, v)]))
      : c.scope.current
        ? { item: `{{ ${c.scope.current} }}` }
        : {};
  const wait = param(n, 'options.waitForSubWorkflow') !== false;
  return { step: { ...base(c), type: 'sub_workflow', workflowId: atomId, input, wait } };
}

function respondNode(c: NodeContext): LeafMapping {
  const n = c.node;
  const how = param(n, 'respondWith') ?? 'firstIncomingItem';
  let expression: string | undefined;
  if (how === 'firstIncomingItem' || how === 'allIncomingItems') expression = c.scope.current ?? 'null';
  else if (how === 'json' || how === 'text') {
    const body = param(n, 'responseBody');
    expression = typeof body === 'string' && !body.startsWith('={{') && how === 'json' ? undefined : c.jsonata('responseBody', body);
    if (expression === undefined && typeof body === 'string') {
      const v = jsonTemplate(c, 'responseBody', body.replace(/^=/, ''));
      return { step: { ...base(c), type: 'action', action: 'core.transform', input: { value: v } }, note: 'the webhook answers with this step\'s output' };
    }
  } else if (how === 'noData') expression = 'null';
  if (expression === undefined) return { unmapped: `it responds with ${String(how)}, which Atom does not map` };
  return { step: { ...base(c), type: 'transform', expression }, note: 'the webhook answers with this step\'s output' };
}

/** n8n's own nodes that become Atom steps (control flow is handled by the graph walk). */
export const coreNodes: Record<string, (c: NodeContext) => LeafMapping> = {
  set: setNode,
  httpRequest: httpNode,
  code: codeNode,
  function: codeNode,
  functionItem: codeNode,
  wait: waitNode,
  executeWorkflow: executeWorkflowNode,
  respondToWebhook: respondNode,
  noOp: () => ({ passthrough: true }),
  stopAndError: (c) => ({ step: { ...base(c), type: 'fail', message: String(c.value('errorMessage', param(c.node, 'errorMessage') ?? 'Stopped (n8n Stop and Error)')) || 'Stopped' } as Step }),
};
