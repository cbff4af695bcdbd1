import { compareCodePoints } from "../reward/python-text.js";

// The few Python behaviours the WebShop pages depend on (spec webshop.md §7): `str.strip()`,
// `repr(float)` and Flask's `tojson` filter, so that page strings match upstream character for
// character.

/** Python `str.isspace()` for one UTF-16 code unit (all Python whitespace is in the BMP). */
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

/** Python `text.strip()`. */
export function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPythonSpace(text.charCodeAt(start))) start += 1;
  while (end > start && isPythonSpace(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(start, end);
}

/**
 * Python `repr(x)` of a float: the shortest round-trip digits, `.0` on integral values, and
 * scientific notation below 1e-4 or from 1e16 on (`1e-05`, `1e+16`), where JavaScript differs.
 */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  const plain = String(value);
  return /[.e]/.test(plain) ? plain : `${plain}.0`;
}

/** One JSON string as Python's `json.dumps(ensure_ascii=True)` writes it. */
function pythonJsonString(text: string): string {
  return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Flask's `tojson` of a `{str: str}` dict (spec §7.3, the done page's options): keys sorted,
 * `", "` and `": "` separators, non-ASCII as `\uXXXX`, and `<`, `>`, `&`, `'` escaped.
 */
export function flaskToJson(entries: Iterable<readonly [string, string]>): string {
  const pairs = [...new Map(entries)].sort(([a], [b]) => compareCodePoints(a, b));
  const body = pairs.map(([key, value]) => `${pythonJsonString(key)}: ${pythonJsonString(value)}`).join(", ");
  return `{${body}}`.replace(/[<>&']/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
