import { entry } from '../catalog/data/build.js';

/** OpenAI-compatible API in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('ai', 'openai-compatible', 'OpenAI-compatible API', 'Chat completions with OpenAI or any OpenAI-compatible server (Ollama, LM Studio, vLLM, Groq, OpenRouter).', 'https://platform.openai.com/docs/api-reference/chat', 'https://platform.openai.com/docs/api-reference/chat/create', 'https://api.openai.com/v1', { kind: 'server', hint: 'The API base URL (https://api.openai.com/v1, or a local server such as http://127.0.0.1:11434/v1 for Ollama), its API key if it needs one, and the model to use by default.' });
