import type { z } from 'zod';
import { AppError } from '../errors/index.js';

/**
 * Reads a JSON text column through a zod schema: the parsed value, or an AppError (500) naming the column
 * when the stored text is not JSON or not the shape the code expects. The value itself is never put in the
 * message (columns may hold personal data); the zod issues ride along as the cause, for the log.
 */
export function parseJsonColumn<S extends z.ZodType>(schema: S, text: string, where: { column: string }): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new AppError('platform.db.json_column_invalid', `Stored data in ${where.column} is not valid JSON.`, { status: 500, cause });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('platform.db.json_column_invalid', `Stored data in ${where.column} does not have the expected shape.`, { status: 500, cause: parsed.error });
  }
  return parsed.data;
}
