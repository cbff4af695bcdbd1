import type { IncomingMessage } from "node:http";

/** A request body read as JSON, or why it could not be: each protocol answers in its own shape. */
export type JsonBody =
  | { ok: true; value: unknown }
  | { ok: false; reason: "too-large"; size: number; limit: number; message: string }
  | { ok: false; reason: "invalid-json"; message: string };

/**
 * Reads a JSON body of at most `limit` bytes. An oversized body is drained (so the connection
 * can still be answered) but not buffered, which keeps a hostile client from filling memory.
 */
export async function readJsonBody(request: IncomingMessage, limit: number): Promise<JsonBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit) return { ok: false, reason: "too-large", size, limit, message: `request body too large: ${size} bytes, the limit is ${limit}` };
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch (error) {
    return { ok: false, reason: "invalid-json", message: `request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}
