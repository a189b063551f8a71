import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';

/**
 * Token counts with OpenAI's cl100k_base vocabulary (shipped inside gpt-tokenizer, nothing downloaded):
 * chunk sizes then match what embedding models and LLM context windows actually count.
 */
export const countTokens = (text: string): number => countCl100k(text, { allowedSpecial: 'all' } as never);
