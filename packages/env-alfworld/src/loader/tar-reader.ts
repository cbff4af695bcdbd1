/**
 * A small reader for uncompressed tar archives (POSIX ustar, GNU long names, PAX `path`), enough
 * to list the regular files of ALFWorld data archives without unpacking them. File data are views
 * into the archive buffer (no copy).
 */
export interface TarFile {
  /** The member path, `/`-separated, without a leading `./`. */
  path: string;
  data: Uint8Array;
}

export class TarFormatError extends Error {}

const BLOCK = 512;
const decoder = new TextDecoder();

function readString(block: Uint8Array, offset: number, length: number): string {
  let end = offset;
  const limit = offset + length;
  while (end < limit && block[end] !== 0) end += 1;
  return decoder.decode(block.subarray(offset, end));
}

function readSize(block: Uint8Array, offset: number): number {
  const first = block[offset] as number;
  if (first & 0x80) {
    // GNU base-256: big-endian binary in the remaining 11 bytes
    let value = 0;
    for (let i = offset + 1; i < offset + 12; i += 1) value = value * 256 + (block[i] as number);
    return value;
  }
  const text = readString(block, offset, 12).trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`bad size field '${text}'`);
  return parseInt(text, 8);
}

function checksumOk(header: Uint8Array): boolean {
  const stored = parseInt(readString(header, 148, 8).trim() || "0", 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 32 : (header[i] as number);
  return sum === stored;
}

function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < BLOCK; i += 1) if (block[i] !== 0) return false;
  return true;
}

function paxPath(data: Uint8Array): string | undefined {
  const text = decoder.decode(data);
  let path: string | undefined;
  let i = 0;
  while (i < text.length) {
    const space = text.indexOf(" ", i);
    if (space < 0) break;
    const length = parseInt(text.slice(i, space), 10);
    if (!(length > 0)) break;
    const record = text.slice(space + 1, i + length - 1); // drop the trailing newline
    const equals = record.indexOf("=");
    if (record.slice(0, equals) === "path") path = record.slice(equals + 1);
    i += length;
  }
  return path;
}

const normalize = (path: string) => path.replace(/^(\.\/)+/, "").replace(/\/+$/, "");

/** Lists the regular files of a tar archive. Throws `TarFormatError` on a corrupt header. */
export function readTar(archive: Uint8Array): TarFile[] {
  const files: TarFile[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (isZeroBlock(header)) break;
    if (!checksumOk(header)) throw new TarFormatError(`bad header checksum at byte ${offset}`);
    const size = readSize(header, 124);
    const type = String.fromCharCode(header[156] as number);
    const dataStart = offset + BLOCK;
    if (dataStart + size > archive.length) throw new TarFormatError(`truncated member at byte ${offset}`);
    const data = archive.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "L") {
      longName = readString(data, 0, data.length);
      continue;
    }
    if (type === "x") {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (type === "g") continue;
    let path = longName;
    longName = undefined;
    if (path === undefined) {
      const name = readString(header, 0, 100);
      const prefix = readString(header, 257, 6) === "ustar" ? readString(header, 345, 155) : "";
      path = prefix ? `${prefix}/${name}` : name;
    }
    if (type === "0" || type === "\0" || type === "7") files.push({ path: normalize(path), data });
  }
  return files;
}
