import { compareCodePoints } from "../reward/python-text.js";

// The few Python behaviours the WebShop pages depend on (spec webshop.md §7) beside `str.strip()`
// (pythonStrip, from @hiper/core): `repr(float)` and Flask's `tojson` filter, so that page strings match upstream character for
// character.

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
