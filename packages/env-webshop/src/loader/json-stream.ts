import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { InvalidInputError } from "@hiper/core";

/**
 * Reads the members of a top-level JSON array (`[a, b, …]`) or object (`{"k": v, …}`) one at a
 * time, so that multi-gigabyte WebShop files (items_shuffle.json is 5.5 GB) never have to be one
 * string. Each member is parsed with `JSON.parse`; reading stops early when the consumer stops.
 */

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0xfeff;
}

/** Raw member texts of the top-level container of `kind` in the file at `path`. */
async function* memberTexts(path: string, kind: "array" | "object"): AsyncGenerator<string> {
  const open = kind === "array" ? OPEN_BRACKET : OPEN_BRACE;
  const close = kind === "array" ? CLOSE_BRACKET : CLOSE_BRACE;
  const decoder = new StringDecoder("utf8");
  let depth = 0;
  let inString = false;
  let escaped = false;
  let finished = false;
  let partial = "";
  let count = 0;
  try {
    for await (const buffer of createReadStream(path) as AsyncIterable<Buffer>) {
      const chunk = decoder.write(buffer);
      let start = 0;
      const members: string[] = [];
      for (let i = 0; i < chunk.length; i++) {
        const code = chunk.charCodeAt(i);
        if (inString) {
          if (escaped) escaped = false;
          else if (code === BACKSLASH) escaped = true;
          else if (code === QUOTE) inString = false;
          continue;
        }
        if (finished) {
          if (!isJsonSpace(code)) throw new InvalidInputError(`${path}: unexpected content after the top-level ${kind}`);
          continue;
        }
        if (depth === 0) {
          if (isJsonSpace(code)) continue;
          if (code !== open) throw new InvalidInputError(`${path}: expected a JSON ${kind} at the top level`);
          depth = 1;
          start = i + 1;
          continue;
        }
        if (code === QUOTE) inString = true;
        else if (code === OPEN_BRACKET || code === OPEN_BRACE) depth++;
        else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
          depth--;
          if (depth === 0) {
            if (code !== close) throw new InvalidInputError(`${path}: the top-level ${kind} is closed with the wrong bracket`);
            const last = partial + chunk.slice(start, i);
            // only an empty container may close without a member (`[]`, `{ }`)
            if (count > 0 || last.trim() !== "") members.push(last);
            partial = "";
            finished = true;
          }
        } else if (code === COMMA && depth === 1) {
          count++;
          members.push(partial + chunk.slice(start, i));
          partial = "";
          start = i + 1;
        }
      }
      if (depth > 0) partial += chunk.slice(start);
      yield* members;
    }
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError(`${path}: cannot read: ${(error as Error).message}`, { cause: error });
  }
  if (!finished) throw new InvalidInputError(`${path}: the file ends before the top-level ${kind} is closed`);
}

function parseMember(path: string, text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`${path}: ${what}: invalid JSON (${(error as Error).message})`, { cause: error });
  }
}

/** The elements of a top-level JSON array, parsed, with their index. */
export async function* readJsonArray(path: string): AsyncGenerator<{ index: number; value: unknown }> {
  let index = 0;
  for await (const text of memberTexts(path, "array")) {
    yield { index, value: parseMember(path, text, `entry ${index}`) };
    index++;
  }
}

/** The entries of a top-level JSON object, parsed, in file order. */
export async function* readJsonObject(path: string): AsyncGenerator<[string, unknown]> {
  let index = 0;
  for await (const text of memberTexts(path, "object")) {
    const parsed = parseMember(path, `{${text}}`, `member ${index}`) as Record<string, unknown>;
    const keys = Object.keys(parsed);
    if (keys.length !== 1) throw new InvalidInputError(`${path}: member ${index}: expected one "key": value pair`);
    const key = keys[0] as string;
    yield [key, parsed[key]];
    index++;
  }
}
