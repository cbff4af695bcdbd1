/**
 * The few Python `str` behaviours the upstream parser and prompt builder rely on, so that our
 * results match theirs character for character. Python counts characters as code points, while
 * JavaScript counts UTF-16 units; and Python's `strip()` uses a slightly different whitespace set
 * from `String.prototype.trim()`. All functions here are linear in the input.
 */

/** Python `str.isspace()` for one code unit (every Python whitespace character is in the BMP). */
function isPythonSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    (code >= 0x1c && code <= 0x20) ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Python `text.strip()`: removes Python whitespace from both ends (not U+FEFF, unlike `trim`). */
export function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPythonSpace(text.charCodeAt(start))) start += 1;
  while (end > start && isPythonSpace(text.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Python `text[-count:]`: the last `count` code points (a surrogate pair is never split). */
export function lastCodePoints(text: string, count: number): string {
  let start = text.length;
  for (let taken = 0; taken < count && start > 0; taken += 1) {
    start -= 1;
    if (start > 0 && isLowSurrogate(text.charCodeAt(start)) && isHighSurrogate(text.charCodeAt(start - 1))) start -= 1;
  }
  return text.slice(start);
}

/** Python `len(text)`: the number of code points. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i += 1) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      length -= 1;
      i += 1;
    }
  }
  return length;
}
