import { describe, expect, it } from 'vitest';
import { atomModules } from './modules.js';

// src/app.ts, src/worker.ts and src/server.ts walk this one list; its order is the install order (retention classes
// are listed in it), the worker start order (shutdown drains in reverse) and the route registration order.
describe('the module list (src/modules.ts)', () => {
  const names = (has: (m: (typeof atomModules)[number]) => unknown) => atomModules.filter(has).map((m) => m.name);

  it('names each module once', () => {
    expect(new Set(atomModules.map((m) => m.name)).size).toBe(atomModules.length);
  });

  it('installs each domain\'s own actions and retention classes (the latter in the order the retention API lists them)', () => {
    expect(names((m) => m.install)).toEqual(['retention', 'integrations', 'ai', 'workflows', 'memory', 'mcp-client']);
  });

  it('starts workers so that memory syncs drain before workflow runs, and the cross-domain feeds go last', () => {
    expect(names((m) => m.startWorkers)).toEqual(['workflows', 'memory', 'realtime', 'notifications']);
  });

  it('runs only the notification workers in a queue-mode atom serve as well (the job consumers stay in atom worker)', () => {
    expect(names((m) => m.startWorkers && m.workersInEveryProcess)).toEqual(['notifications']);
  });

  it('adds request hooks only from auth, and registers routes from health first to the MCP client last', () => {
    expect(names((m) => m.requestHooks)).toEqual(['auth']);
    const routed = names((m) => m.routes);
    expect(routed[0]).toBe('health');
    expect(routed.indexOf('memory')).toBeLessThan(routed.indexOf('workflows-api'));
    expect(routed.slice(-3)).toEqual(['mcp', 'oauth-server', 'mcp-client']);
  });
});
