// The fake OpenAI-compatible model server for the load benchmark, in its own process: in the load
// generator's process its answers waited behind 1,000 client connections' work, so chat latency measured
// the generator, not Atom. Prints `{"url": ...}` on stdout once listening; exits on SIGTERM.
import { startFakeOpenAI } from '../../test/fakes/openai/server.js';

const fake = await startFakeOpenAI();
// Recorded requests are not needed here and would grow for the whole run.
setInterval(() => fake.requests.splice(0), 1000).unref();
process.stdout.write(`${JSON.stringify({ url: fake.url })}\n`);
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
